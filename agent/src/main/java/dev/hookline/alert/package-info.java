/**
 * What a detection produces: the alert, its stable id, its JSON line and the rule metadata it carries. Must not
 * depend on rules (which fill RuleMeta) or on any output.
 */
package dev.hookline.alert;
