/**
 * The sample order service that the container tests run.
 */
@NullMarked
package dev.pid1.sample;

import org.jspecify.annotations.NullMarked;
