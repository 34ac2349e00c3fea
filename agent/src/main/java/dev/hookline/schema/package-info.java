/**
 * The MDE tables Hookline writes: tables, columns and types, the reusable Event row, AdditionalFields, and time
 * helpers. Part of the collector API: depends on no other Hookline package.
 */
package dev.hookline.schema;
