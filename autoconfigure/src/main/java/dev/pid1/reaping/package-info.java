/**
 * Zombie reaping that never takes the exit status of a {@link java.lang.Process} from the
 * JDK.
 */
@NullMarked
package dev.pid1.reaping;

import org.jspecify.annotations.NullMarked;
