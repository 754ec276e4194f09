/**
 * Auto-configuration for pid1: the wiring of the concerns and their properties.
 */
@NullMarked
package dev.pid1.autoconfigure;

import org.jspecify.annotations.NullMarked;
