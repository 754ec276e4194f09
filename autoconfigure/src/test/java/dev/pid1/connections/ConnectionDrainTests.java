package dev.pid1.connections;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The connection drain's policy, in-process with a fake server and clock.
 *
 * @author pid1 authors
 */
class ConnectionDrainTests {

	private final AtomicLong clock = new AtomicLong(1_000);

	private final FakeServer server = new FakeServer();

	private final ConnectionDrainSettings settings = new ConnectionDrainSettings(true, Duration.ofSeconds(1), true,
			Duration.ofHours(1));

	private final ConnectionDrain drain = new ConnectionDrain(() -> List.of(this.server), this.settings,
			this.clock::get);

	@Test
	void nothingHappensBeforeTheDrain() {
		this.server.open.add(new Fake("h2", true, false));
		assertThat(this.drain.sweep()).isEqualTo(new ConnectionDrain.Counts(0, 0, 0));
		assertThat(this.server.log).isEmpty();
	}

	@Test
	void firstGoAwayAtOnceFinalAfterTheDelayIdleKeepAlivesClosed() {
		Fake h2 = new Fake("h2", true, false);
		Fake idle = new Fake("idle", false, true);
		Fake busy = new Fake("busy", false, false);
		this.server.open.addAll(List.of(h2, idle, busy));
		this.drain.drainStarted();
		assertThat(this.server.log).containsExactly("goAway h2", "close idle");
		this.clock.addAndGet(Duration.ofMillis(999).toNanos());
		this.drain.sweep();
		assertThat(this.server.log).containsExactly("goAway h2", "close idle");
		this.clock.addAndGet(Duration.ofMillis(1).toNanos());
		busy.idle = true;
		this.drain.sweep();
		assertThat(this.server.log).containsExactly("goAway h2", "close idle", "finalGoAway h2", "close busy");
		this.drain.sweep();
		assertThat(this.server.log).hasSize(4);
	}

	@Test
	void connectionsOpenedDuringTheDrainGetGoAwayOnceTheyLastedTheDelayKeepAlivesAreLeftToConnectionClose() {
		this.drain.drainStarted();
		Fake h2 = new Fake("late-h2", true, false);
		Fake idle = new Fake("late-idle", false, true);
		this.server.open.addAll(List.of(h2, idle));
		this.drain.sweep();
		assertThat(this.server.log).isEmpty();
		this.clock.addAndGet(Duration.ofMillis(999).toNanos());
		this.drain.sweep();
		assertThat(this.server.log).isEmpty();
		this.clock.addAndGet(Duration.ofMillis(1).toNanos());
		this.drain.sweep();
		assertThat(this.server.log).containsExactly("goAway late-h2");
		this.clock.addAndGet(Duration.ofSeconds(1).toNanos());
		this.drain.sweep();
		assertThat(this.server.log).containsExactly("goAway late-h2", "finalGoAway late-h2");
	}

	@Test
	void aFinalGoAwayTheServerDidNotSendYetIsAskedForAgain() {
		Fake h2 = new Fake("h2", true, false);
		h2.finalGoAwaysRefused = 2;
		this.server.open.add(h2);
		this.drain.drainStarted();
		this.clock.addAndGet(Duration.ofSeconds(1).toNanos());
		this.drain.sweep();
		this.drain.sweep();
		this.drain.sweep();
		this.drain.sweep();
		assertThat(this.server.log).containsExactly("goAway h2", "finalGoAway h2", "finalGoAway h2", "finalGoAway h2");
	}

	@Test
	void nothingAfterTheDrainEnds() {
		this.drain.drainStarted();
		this.drain.drainEnded(Duration.ofSeconds(1), 0);
		this.server.open.add(new Fake("h2", true, false));
		assertThat(this.drain.sweep()).isEqualTo(new ConnectionDrain.Counts(0, 0, 0));
		assertThat(this.drain.isDraining()).isFalse();
	}

	@Test
	void aFailingConnectionDoesNotStopTheOthers() {
		Fake broken = new Fake("broken", true, false);
		broken.fails = true;
		this.server.open.addAll(List.of(broken, new Fake("h2", true, false)));
		this.drain.drainStarted();
		assertThat(this.server.log).containsExactly("goAway h2");
	}

	@Test
	void settingsTheDrainCannotWorkWithAreRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ConnectionDrainSettings(true, Duration.ofSeconds(-1), true, Duration.ofMillis(100)))
			.withMessage("The final GOAWAY's delay must be 0 s or more, was PT-1S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ConnectionDrainSettings(true, Duration.ZERO, true, Duration.ZERO))
			.withMessage("The sweep interval must be more than 0 s, was PT0S");
	}

	static final class Fake {

		final String name;

		final boolean http2;

		volatile boolean idle;

		volatile boolean fails;

		volatile int finalGoAwaysRefused;

		Fake(String name, boolean http2, boolean idle) {
			this.name = name;
			this.http2 = http2;
			this.idle = idle;
		}

	}

	static final class FakeServer implements ServerConnections<Fake> {

		final List<Fake> open = new ArrayList<>();

		final List<String> log = new ArrayList<>();

		@Override
		public Collection<Fake> open() {
			return List.copyOf(this.open);
		}

		@Override
		public boolean isHttp2(Fake connection) {
			return connection.http2;
		}

		@Override
		public void goAway(Fake connection) {
			act("goAway", connection);
		}

		@Override
		public boolean finalGoAway(Fake connection) {
			act("finalGoAway", connection);
			return connection.finalGoAwaysRefused-- <= 0;
		}

		@Override
		public boolean closeIfIdle(Fake connection) {
			if (!connection.idle) {
				return false;
			}
			act("close", connection);
			this.open.remove(connection);
			return true;
		}

		private void act(String what, Fake connection) {
			if (connection.fails) {
				throw new IllegalStateException("closed under our feet");
			}
			this.log.add(what + " " + connection.name);
		}

	}

}
