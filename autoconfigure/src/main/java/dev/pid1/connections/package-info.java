/**
 * The connection drain of each web server (Tomcat, Jetty, Reactor Netty).
 */
@NullMarked
package dev.pid1.connections;

import org.jspecify.annotations.NullMarked;
