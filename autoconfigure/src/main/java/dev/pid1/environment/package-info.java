/**
 * The facts about where this JVM runs (PID 1 or not, container and its evidence,
 * Kubernetes), decided once and read by every concern. Depends on no concern.
 */
@NullMarked
package dev.pid1.environment;

import org.jspecify.annotations.NullMarked;
