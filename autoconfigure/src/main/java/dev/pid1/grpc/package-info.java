/**
 * The drain of a gRPC server (grpc-java, as Spring Boot 4.1 runs it): health
 * {@code NOT_SERVING} and a graceful GOAWAY on every connection when the drain begins,
 * and gRPC calls counted as the drain's traffic.
 */
@NullMarked
package dev.pid1.grpc;

import org.jspecify.annotations.NullMarked;
