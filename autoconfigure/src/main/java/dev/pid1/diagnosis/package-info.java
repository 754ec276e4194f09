/**
 * Diagnosis of the signal path from the container runtime to the JVM, with the exact fix.
 */
@NullMarked
package dev.pid1.diagnosis;

import org.jspecify.annotations.NullMarked;
