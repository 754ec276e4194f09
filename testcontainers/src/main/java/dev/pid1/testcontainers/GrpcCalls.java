package dev.pid1.testcontainers;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The gRPC calls of a termination under {@link GrpcTraffic}: every unary call by its
 * status code ({@code OK} included), and the stream that was in flight.
 *
 * @param byStatus each status code's count ({@code OK}, {@code UNAVAILABLE}...)
 * @param stream the server-streaming call's outcome, {@code null} without one
 * @author pid1 authors
 */
public record GrpcCalls(Map<String, Long> byStatus, @Nullable StreamOutcome stream) {

	/**
	 * The outcome of a server-streaming call.
	 *
	 * @param status its status code ({@code OK} when it completed)
	 * @param description the status's description, {@code null} when none
	 * @param messages how many messages it received
	 * @param took how long it took
	 */
	public record StreamOutcome(String status, @Nullable String description, long messages, Duration took) {

		/**
		 * Whether it completed with {@code OK}.
		 * @return whether it completed
		 */
		public boolean completed() {
			return "OK".equals(this.status);
		}

		@Override
		public String toString() {
			return this.status + ((this.description != null) ? " (" + this.description + ")" : "") + " after "
					+ this.messages + " messages, " + this.took.toMillis() + " ms";
		}

	}

}
