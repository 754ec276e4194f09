package dev.pid1.testcontainers;

import java.time.Duration;

import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a termination; failures say why, with the fix.
 *
 * @author pid1 authors
 */
public class TerminationReportAssert extends AbstractAssert<TerminationReportAssert, TerminationReport> {

	TerminationReportAssert(TerminationReport actual) {
		super(actual, TerminationReportAssert.class);
	}

	/**
	 * No request of the traffic failed.
	 * @return this
	 */
	public TerminationReportAssert lostNoRequests() {
		isNotNull();
		TerminationReport.Traffic traffic = this.actual.traffic();
		if (traffic.failed() > 0) {
			fail(traffic.failed() + " of " + traffic.sent() + ((this.actual.grpc() != null) ? " calls" : " requests")
					+ " failed during the termination " + traffic.failures());
		}
		return this;
	}

	/**
	 * The container exited with this code (143 = 128 + SIGTERM).
	 * @param exitCode the exit code
	 * @return this
	 */
	public TerminationReportAssert exitedWith(int exitCode) {
		isNotNull();
		if (this.actual.exitCode() != exitCode) {
			fail("Expected exit code " + exitCode + " but the container exited with " + this.actual.exitCode()
					+ (this.actual.killed() ? " (SIGKILLed at the end of the grace period)" : ""));
		}
		return this;
	}

	/**
	 * The container exited by itself, before the grace period ended.
	 * @return this
	 */
	public TerminationReportAssert wasNotKilled() {
		isNotNull();
		if (this.actual.killed()) {
			fail("The container was SIGKILLed at the end of the grace period");
		}
		return this;
	}

	/**
	 * The container exited within a time of the termination's beginning.
	 * @param limit the limit
	 * @return this
	 */
	public TerminationReportAssert exitedWithin(Duration limit) {
		isNotNull();
		if (this.actual.terminationToExit().compareTo(limit) > 0) {
			fail("Expected the container to exit within " + limit.toMillis() + " ms of the termination, but it took "
					+ this.actual.terminationToExit().toMillis() + " ms");
		}
		return this;
	}

	/**
	 * The slow request in flight when the termination began completed.
	 * @return this
	 */
	public TerminationReportAssert completedInFlightRequest() {
		isNotNull();
		TerminationReport.RequestOutcome inFlight = this.actual.inFlight();
		if (inFlight == null) {
			fail("No request was in flight: give one with Termination.inFlightRequest(path)");
		}
		else if (!inFlight.completed()) {
			fail("The request in flight was cut: " + inFlight);
		}
		return this;
	}

	/**
	 * The server-streaming call in flight when the termination began (gRPC traffic)
	 * completed with {@code OK}.
	 * @return this
	 */
	public TerminationReportAssert completedInFlightStream() {
		isNotNull();
		GrpcCalls calls = this.actual.grpc();
		GrpcCalls.StreamOutcome stream = (calls != null) ? calls.stream() : null;
		if (stream == null) {
			fail("No stream was in flight: give one with GrpcTraffic.inFlightStream(method, request)");
		}
		else if (!stream.completed()) {
			fail("The stream in flight was cut: " + stream);
		}
		return this;
	}

	private void fail(String what) {
		failWithMessage("%s", what + Advice.forTermination(this.actual) + "\n" + this.actual.summary());
	}

}
