/**
 * Scenarios that prove the rules on a real host: the SPI collectors modules implement (Scenario, ScenarioSuite,
 * Expectation, which depend on nothing else) and the runner that starts the agent and builds the matrix.
 */
package dev.hookline.scenario;
