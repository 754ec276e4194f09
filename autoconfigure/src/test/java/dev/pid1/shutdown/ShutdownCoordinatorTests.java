package dev.pid1.shutdown;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

import dev.pid1.environment.ContainerInfo;
import dev.pid1.environment.EnvironmentFacts;
import dev.pid1.platform.DaemonThreads;
import dev.pid1.platform.Signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the shutdown's state machine through {@link ShutdownCoordinator}, in-process:
 * a fake clock, a fake exit, signals delivered as calls, no namespace.
 */
class ShutdownCoordinatorTests {

	private static final Duration LAG = Duration.ofSeconds(3);

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final RecordingObserver observer = new RecordingObserver();

	private final List<Duration> postClose = new CopyOnWriteArrayList<>();

	private final FakeExit exit = new FakeExit();

	@Test
	void sigtermDrainsWhileTheBalancerRoutesThenExitsWith143() {
		FakeClock clock = new FakeClock(true);
		ShutdownCoordinator coordinator = coordinator(clock, true);
		// 100 requests/s, before SIGTERM and for LAG after it.
		AtomicLong trafficUntil = new AtomicLong(Long.MAX_VALUE);
		clock.onStep((elapsed) -> {
			if (Duration.ofNanos(elapsed).toMillis() < trafficUntil.get()) {
				assertThat(coordinator.onRequest()).isEqualTo(coordinator.status().phase() != ShutdownPhase.RUNNING);
			}
		});
		clock.advance(Duration.ofSeconds(11));
		trafficUntil.set(clock.elapsedMillis() + LAG.toMillis());
		long sigterm = clock.elapsedMillis();
		coordinator.onSignal(Signals.SIGTERM);
		assertThat(this.exit.exits).containsExactly(143);
		assertThat(this.exit.halts).isEmpty();
		assertThat(this.events).singleElement()
			.isInstanceOfSatisfying(AvailabilityChangeEvent.class,
					(event) -> assertThat(event.getState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC));
		ShutdownStatus status = coordinator.status();
		assertThat(status.phase()).isEqualTo(ShutdownPhase.DRAINED);
		assertThat(status.trigger()).isEqualTo(ShutdownTrigger.SIGTERM);
		assertThat(status.drainEnd()).isEqualTo(DrainEnd.TRAFFIC_ENDED);
		assertThat(status.requestsDuringDrain()).isBetween(295L, 301L);
		assertThat(clock.elapsedMillis() - sigterm).isBetween(LAG.toMillis(), LAG.toMillis() + 400);
		assertThat(this.observer.calls).containsExactly("drainStarted on pid1-shutdown-effects",
				"drainEnded " + status.requestsDuringDrain());
		// Spring Boot's shutdown hook closes the context.
		coordinator.contextClosing();
		assertThat(coordinator.status().phase()).isEqualTo(ShutdownPhase.CLOSING);
		coordinator.lifecyclesStopped();
		assertThat(coordinator.status().phase()).isEqualTo(ShutdownPhase.CLOSED);
		coordinator.afterClose();
		assertThat(this.observer.calls).hasSize(3).last().asString().startsWith("shutdownEnded");
		assertThat(this.postClose).singleElement()
			.satisfies((left) -> assertThat(left).isLessThan(Duration.ofSeconds(27)).isPositive());
		assertThat(this.exit.exits).containsExactly(143);
	}

	@Test
	void connectionsWaitingInTheKernelHoldADrainThatWouldEndOnSilence() {
		FakeClock clock = new FakeClock(true);
		// The app takes the connections of the last second of traffic 1.5 s late.
		AtomicLong trafficUntil = new AtomicLong(Long.MAX_VALUE);
		AtomicLong waitingUntil = new AtomicLong(Long.MAX_VALUE);
		AtomicInteger asked = new AtomicInteger();
		ShutdownCoordinator coordinator = coordinator(clock, true, () -> {
			asked.incrementAndGet();
			return OptionalInt.of((clock.elapsedMillis() < waitingUntil.get()) ? 4 : 0);
		});
		clock.onStep((elapsed) -> {
			if (Duration.ofNanos(elapsed).toMillis() < trafficUntil.get()) {
				coordinator.onRequest();
			}
		});
		clock.advance(Duration.ofSeconds(11));
		long start = clock.elapsedMillis();
		trafficUntil.set(start + 1000);
		waitingUntil.set(start + 2500);
		PreStopResult result = coordinator.preStop();
		assertThat(result.end()).isEqualTo(DrainEnd.TRAFFIC_ENDED);
		// Without the hold: 1 s of traffic and 250 ms of silence.
		assertThat(result.drainMillis()).isBetween(2500L, 2500L + 400);
		assertThat(result.outcome()).startsWith("traffic ended: silent for 250 ms after 100 requests/s (held ")
			.endsWith(" times by connections waiting in the kernel)");
		// Asked only when the drain would end: once per silence at most.
		assertThat(asked.get()).isBetween(2, 2 + 1500 / 250 + 1);
	}

	@Test
	void connectionsWaitingInTheKernelDoNotHoldTheDrainPastItsMaximum() {
		FakeClock clock = new FakeClock(true);
		ShutdownCoordinator coordinator = coordinator(clock, true, () -> OptionalInt.of(1));
		PreStopResult result = coordinator.preStop();
		assertThat(result.end()).isEqualTo(DrainEnd.MAXIMUM);
		assertThat(result.drainMillis()).isBetween(20_000L, 20_100L);
	}

	@Test
	void aBurstOfTwentySigtermsIsOneOrderlyShutdown() {
		FakeClock clock = new FakeClock(false);
		ShutdownCoordinator coordinator = coordinator(clock, true);
		CompletableFuture<Void> first = signal(coordinator, Signals.SIGTERM);
		await().until(() -> coordinator.status().phase() == ShutdownPhase.DRAINING);
		for (int i = 1; i < 20; i++) {
			clock.advance(Duration.ofMillis(5));
			coordinator.onSignal(Signals.SIGTERM);
		}
		ShutdownStatus status = coordinator.status();
		assertThat(status.phase()).isEqualTo(ShutdownPhase.DRAINING);
		assertThat(status.signals()).isOne();
		assertThat(status.repeatedSignals()).isEqualTo(19);
		advanceUntil(clock, first::isDone);
		assertThat(this.exit.exits).containsExactly(143);
		assertThat(this.exit.halts).isEmpty();
		assertThat(coordinator.status().drainEnd()).isEqualTo(DrainEnd.QUIET);
	}

	@Test
	void aSecondSeparateSignalCutsTheDrainAndAThirdHalts() {
		FakeClock clock = new FakeClock(false);
		ShutdownCoordinator coordinator = coordinator(clock, true);
		CompletableFuture<Void> first = signal(coordinator, Signals.SIGTERM);
		await().until(() -> coordinator.status().phase() == ShutdownPhase.DRAINING);
		clock.advance(Duration.ofMillis(1500));
		coordinator.onSignal(Signals.SIGTERM);
		first.join();
		assertThat(coordinator.status().drainEnd()).isEqualTo(DrainEnd.CUT_SHORT);
		assertThat(this.exit.exits).containsExactly(143);
		assertThat(this.observer.calls).hasSize(2);
		clock.advance(Duration.ofMillis(1500));
		coordinator.onSignal(Signals.SIGTERM);
		assertThat(this.exit.halts).containsExactly(143);
		assertThat(coordinator.status().phase()).isEqualTo(ShutdownPhase.HALTING);
	}

	@Test
	void sigintExitsWith130() {
		ShutdownCoordinator coordinator = coordinator(new FakeClock(true), true);
		coordinator.onSignal(Signals.SIGINT);
		assertThat(this.exit.exits).containsExactly(130);
		assertThat(coordinator.status().trigger()).isEqualTo(ShutdownTrigger.SIGINT);
	}

	@Test
	void theHardDeadlineHaltsAHangingClose() {
		FakeClock clock = new FakeClock(false);
		ShutdownCoordinator coordinator = coordinator(clock, false);
		coordinator.onSignal(Signals.SIGTERM);
		// No drain; System.exit was called, and the close hangs.
		assertThat(this.exit.exits).containsExactly(143);
		assertThat(coordinator.status().drainEnd()).isEqualTo(DrainEnd.SKIPPED);
		clock.advance(Duration.ofSeconds(26));
		assertThat(this.exit.halts).isEmpty();
		clock.advance(Duration.ofSeconds(1));
		await().until(() -> !this.exit.halts.isEmpty());
		assertThat(this.exit.halts).containsExactly(143);
		assertThat(coordinator.status().phase()).isEqualTo(ShutdownPhase.HALTING);
		assertThat(coordinator.status().lastEvent()).isEqualTo("halt: deadline of 27 s passed");
	}

	@Test
	void anObserverThatBlocksHoldsNeitherTheDrainPastItsMaximumNorTheDeadline() {
		// A connection sweep whose GOAWAY write blocks on a stuck peer.
		CountDownLatch stuck = new CountDownLatch(1);
		ShutdownObserver blocking = new ShutdownObserver() {
			@Override
			public void drainStarted() {
				awaitQuietly(stuck);
			}
		};
		try {
			blockedSigterm(this.events::add, List.of(blocking, this.observer));
		}
		finally {
			stuck.countDown();
		}
	}

	@Test
	void aReadinessListenerThatBlocksHoldsNeitherTheDrainPastItsMaximumNorTheDeadline() {
		CountDownLatch stuck = new CountDownLatch(1);
		try {
			blockedSigterm((event) -> {
				this.events.add(event);
				awaitQuietly(stuck);
			}, List.of(this.observer));
		}
		finally {
			stuck.countDown();
		}
	}

	/**
	 * SIGTERM with an observer or a readiness listener that blocks until the test ends,
	 * and a close that never comes (the exit is fake): the drain still ends at its
	 * maximum with the exit, and the deadline still halts.
	 */
	private void blockedSigterm(ApplicationEventPublisher publisher, List<ShutdownObserver> observers) {
		FakeClock clock = new FakeClock(false);
		ShutdownCoordinator coordinator = new ShutdownCoordinator(settings(), publisher,
				ShutdownCoordinatorTests::inAContainer, () -> true, WaitingConnections.UNKNOWN, () -> observers,
				List::of, false, clock, this.exit);
		coordinator.started();
		coordinator.ready();
		signal(coordinator, Signals.SIGTERM);
		advanceAtMost(clock, Duration.ofSeconds(40), () -> !this.exit.exits.isEmpty());
		long exited = clock.elapsedMillis();
		advanceAtMost(clock, Duration.ofSeconds(40), () -> !this.exit.halts.isEmpty());
		long halted = clock.elapsedMillis();
		SoftAssertions.assertSoftly((softly) -> {
			softly.assertThat(this.exit.exits)
				.as("exit once the drain's maximum of 20 s has passed")
				.containsExactly(143);
			softly.assertThat(exited).as("exit").isBetween(20_000L, 20_500L);
			softly.assertThat(coordinator.status().drainEnd()).isEqualTo(DrainEnd.MAXIMUM);
			softly.assertThat(this.exit.halts).as("halt at the deadline of 27 s").containsExactly(143);
			softly.assertThat(halted).as("halt").isBetween(27_000L, 27_500L);
		});
	}

	@Test
	void anObserverThatBlocksOnRealThreadsDoesNotHoldTheDrainOrTheDeadline() {
		CountDownLatch stuck = new CountDownLatch(1);
		ShutdownObserver blocking = new ShutdownObserver() {
			@Override
			public void drainStarted() {
				awaitQuietly(stuck);
			}
		};
		ShutdownSettings settings = new ShutdownSettings(DrainMode.ALWAYS, Duration.ZERO, Duration.ofSeconds(1),
				Duration.ofMillis(500), AdaptiveDrain.defaults(), Duration.ofSeconds(1), Duration.ofSeconds(3),
				ExitCodes.defaults(), true);
		ShutdownCoordinator coordinator = new ShutdownCoordinator(settings, this.events::add,
				ShutdownCoordinatorTests::inAContainer, () -> true, WaitingConnections.UNKNOWN, () -> List.of(blocking),
				List::of, false, ShutdownClock.SYSTEM, this.exit);
		coordinator.started();
		coordinator.ready();
		try {
			long start = System.nanoTime();
			signal(coordinator, Signals.SIGTERM);
			await().atMost(Duration.ofSeconds(10)).until(() -> !this.exit.exits.isEmpty());
			long exited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			await().atMost(Duration.ofSeconds(10)).until(() -> !this.exit.halts.isEmpty());
			long halted = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			assertThat(exited).as("exit after the drain's maximum of 1 s").isBetween(1000L, 2500L);
			assertThat(halted).as("halt at the deadline of 3 s").isBetween(3000L, 6000L);
			assertThat(coordinator.status().drainEnd()).isEqualTo(DrainEnd.MAXIMUM);
		}
		finally {
			stuck.countDown();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Advances the fake clock until a condition holds, for at most a fake time. */
	private static void advanceAtMost(FakeClock clock, Duration max, java.util.function.BooleanSupplier condition) {
		long until = clock.elapsedMillis() + max.toMillis();
		while (!condition.getAsBoolean() && clock.elapsedMillis() < until) {
			clock.advance(Duration.ofMillis(10));
			try {
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Test
	void preStopDrainsOnceAndTheSigtermThatFollowsClosesAtOnce() {
		FakeClock clock = new FakeClock(true);
		ShutdownCoordinator coordinator = coordinator(clock, true);
		PreStopResult result = coordinator.preStop();
		assertThat(result.drained()).isTrue();
		assertThat(result.end()).isEqualTo(DrainEnd.QUIET);
		assertThat(result.drainMillis()).isBetween(2000L, 2050L);
		assertThat(coordinator.preStop()).isEqualTo(result);
		assertThat(coordinator.onRequest()).as("Connection: close").isTrue();
		coordinator.onSignal(Signals.SIGTERM);
		assertThat(this.exit.exits).containsExactly(143);
		assertThat(this.observer.calls).hasSize(2);
		assertThat(coordinator.status().trigger()).isEqualTo(ShutdownTrigger.PRE_STOP);
	}

	@Test
	void noWebServerNoDrain() {
		ShutdownCoordinator coordinator = coordinator(new FakeClock(true), false);
		ShutdownStatus running = coordinator.status();
		assertThat(running.drain()).isFalse();
		assertThat(running.noDrainReason()).isEqualTo("no drain: no web server");
		PreStopResult result = coordinator.preStop();
		assertThat(result.drained()).isFalse();
		assertThat(result.end()).isEqualTo(DrainEnd.SKIPPED);
		assertThat(this.observer.calls).isEmpty();
		assertThat(this.events).hasSize(1);
	}

	@Test
	void aSignalBeforeTheAppIsReadyClosesWithoutDrain() {
		ShutdownCoordinator coordinator = new ShutdownCoordinator(settings(), this.events::add,
				ShutdownCoordinatorTests::inAContainer, () -> true, WaitingConnections.UNKNOWN,
				() -> List.of(this.observer), List::of, false, new FakeClock(true), this.exit);
		coordinator.onSignal(Signals.SIGTERM);
		assertThat(this.exit.exits).containsExactly(143);
		assertThat(coordinator.status().noDrainReason()).isEqualTo("no drain: the app was not ready yet");
	}

	@Test
	void aPlainCloseDrainsWithoutDeadlineOrExit() {
		FakeClock clock = new FakeClock(true);
		ShutdownCoordinator coordinator = coordinator(clock, true);
		coordinator.contextClosing();
		coordinator.lifecyclesStopped();
		assertThat(coordinator.status().trigger()).isEqualTo(ShutdownTrigger.CLOSE);
		assertThat(coordinator.status().phase()).isEqualTo(ShutdownPhase.CLOSED);
		clock.advance(Duration.ofSeconds(60));
		assertThat(this.exit.exits).isEmpty();
		assertThat(this.exit.halts).isEmpty();
	}

	@Test
	void lifecyclesStoppedBeforeAnyShutdownRecordAClose() {
		// The wiring stops the drain lifecycle first, which begins the shutdown; without
		// it the sequence leaves RUNNING with no trigger given (it failed with a
		// NullPointerException).
		FakeClock clock = new FakeClock(true);
		ShutdownCoordinator coordinator = coordinator(clock, true);
		coordinator.lifecyclesStopped();
		assertThat(coordinator.status().phase()).isEqualTo(ShutdownPhase.CLOSED);
		assertThat(coordinator.status().trigger()).isEqualTo(ShutdownTrigger.CLOSE);
		assertThat(this.exit.exits).isEmpty();
		assertThat(this.exit.halts).isEmpty();
	}

	@Test
	void aFailingObserverDoesNotStopTheSequence() {
		ShutdownCoordinator coordinator = new ShutdownCoordinator(settings(), this.events::add,
				ShutdownCoordinatorTests::inAContainer, () -> true, WaitingConnections.UNKNOWN,
				() -> List.of(new ShutdownObserver() {
					@Override
					public void drainStarted() {
						throw new IllegalStateException("boom");
					}
				}, this.observer), List::of, false, new FakeClock(true), this.exit);
		coordinator.started();
		coordinator.ready();
		coordinator.onSignal(Signals.SIGTERM);
		assertThat(this.exit.exits).containsExactly(143);
		assertThat(this.observer.calls).hasSize(2);
	}

	@Test
	void autoDrainReadsTheEnvironmentFactsNotItsOwnLook() {
		// Where these tests run may well be a container: the facts say otherwise.
		EnvironmentFacts host = new EnvironmentFacts(4242, false, ContainerInfo.none(), false);
		assertThat(autoDrain(host).noDrainReason())
			.isEqualTo("no drain: no container, Kubernetes or PID 1 (pid1.shutdown.drain=auto)");
		assertThat(autoDrain(new EnvironmentFacts(1, true, ContainerInfo.none(), false)).drain()).as("PID 1").isTrue();
		assertThat(autoDrain(new EnvironmentFacts(4242, false, ContainerInfo.none(), true)).drain()).as("Kubernetes")
			.isTrue();
		assertThat(autoDrain(inAContainer()).drain()).as("a container").isTrue();
	}

	private ShutdownStatus autoDrain(EnvironmentFacts facts) {
		ShutdownSettings settings = new ShutdownSettings(DrainMode.AUTO, Duration.ZERO, Duration.ofSeconds(20),
				Duration.ofSeconds(2), AdaptiveDrain.defaults(), Duration.ofSeconds(1),
				ShutdownSettings.deadline(null, null), ExitCodes.defaults(), true);
		ShutdownCoordinator coordinator = new ShutdownCoordinator(settings, this.events::add, () -> facts, () -> true,
				WaitingConnections.UNKNOWN, List::of, List::of, false, new FakeClock(true), this.exit);
		coordinator.started();
		coordinator.ready();
		return coordinator.status();
	}

	private static EnvironmentFacts inAContainer() {
		return new EnvironmentFacts(7, false, new ContainerInfo(true, "docker", "/.dockerenv"), false);
	}

	@Test
	void phasesOnlyMoveForward() {
		assertThat(ShutdownPhase.RUNNING.canMoveTo(ShutdownPhase.DRAINING)).isTrue();
		assertThat(ShutdownPhase.DRAINING.canMoveTo(ShutdownPhase.DRAINED)).isTrue();
		assertThat(ShutdownPhase.DRAINING.canMoveTo(ShutdownPhase.CLOSING)).isFalse();
		assertThat(ShutdownPhase.CLOSED.canMoveTo(ShutdownPhase.DRAINING)).isFalse();
		assertThat(ShutdownPhase.CLOSED.canMoveTo(ShutdownPhase.HALTING)).isTrue();
		assertThat(ShutdownPhase.HALTING.canMoveTo(ShutdownPhase.HALTING)).isFalse();
		ShutdownSequence sequence = new ShutdownSequence(settings(), new FakeClock(true), this.events::add,
				WaitingConnections.UNKNOWN);
		assertThat(sequence.moveTo(ShutdownPhase.CLOSING, null, null, null)).isFalse();
		assertThat(sequence.phase()).isEqualTo(ShutdownPhase.RUNNING);
	}

	private CompletableFuture<Void> signal(ShutdownCoordinator coordinator, int signal) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		DaemonThreads.start("test-signal", () -> {
			coordinator.onSignal(signal);
			done.complete(null);
		});
		return done;
	}

	private static void advanceUntil(FakeClock clock, java.util.function.BooleanSupplier condition) {
		await().pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(30)).until(() -> {
			clock.advance(Duration.ofMillis(10));
			return condition.getAsBoolean();
		});
	}

	private ShutdownCoordinator coordinator(FakeClock clock, boolean webServer) {
		return coordinator(clock, webServer, WaitingConnections.UNKNOWN);
	}

	private ShutdownCoordinator coordinator(FakeClock clock, boolean webServer, WaitingConnections waiting) {
		ShutdownCoordinator coordinator = new ShutdownCoordinator(settings(), this.events::add,
				ShutdownCoordinatorTests::inAContainer, () -> webServer, waiting, () -> List.of(this.observer),
				() -> List.of(this.postClose::add), false, clock, this.exit);
		coordinator.started();
		coordinator.ready();
		return coordinator;
	}

	private static ShutdownSettings settings() {
		return new ShutdownSettings(DrainMode.ALWAYS, Duration.ZERO, Duration.ofSeconds(20), Duration.ofSeconds(2),
				AdaptiveDrain.defaults(), Duration.ofSeconds(1), ShutdownSettings.deadline(null, null),
				ExitCodes.defaults(), true);
	}

	static final class RecordingObserver implements ShutdownObserver {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@Override
		public void drainStarted() {
			this.calls.add("drainStarted on " + Thread.currentThread().getName());
		}

		@Override
		public void drainEnded(Duration duration, long requests) {
			this.calls.add("drainEnded " + requests);
		}

		@Override
		public void shutdownEnded(Duration duration) {
			this.calls.add("shutdownEnded " + duration.toMillis());
		}

	}

}
