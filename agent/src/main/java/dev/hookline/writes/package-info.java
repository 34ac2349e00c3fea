/**
 * The bounded index of recently written files behind hookline_recently_written_by/below(). Depends only on kql (the
 * WriteHistory it implements) and schema.
 */
package dev.hookline.writes;
