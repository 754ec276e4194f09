/**
 * A WebFlux service on Reactor Netty for the compatibility matrix.
 */
@NullMarked
package dev.pid1.compat.webflux;

import org.jspecify.annotations.NullMarked;
