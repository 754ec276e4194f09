/**
 * The actuator endpoints: {@code /actuator/pid1} and the preStop endpoint.
 */
@NullMarked
package dev.pid1.actuate;

import org.jspecify.annotations.NullMarked;
