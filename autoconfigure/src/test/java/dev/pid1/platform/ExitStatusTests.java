package dev.pid1.platform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExitStatusTests {

	@Test
	void decodesAnExitCode() {
		ExitStatus status = ExitStatus.fromWaitStatus(42 << 8);
		assertThat(status).isEqualTo(ExitStatus.exited(42));
		assertThat(status.shellStatus()).isEqualTo(42);
		assertThat(status).hasToString("exit 42");
	}

	@Test
	void decodesASignalWithCoreDump() {
		ExitStatus status = ExitStatus.fromWaitStatus(Signals.SIGQUIT | 0x80);
		assertThat(status).isEqualTo(ExitStatus.signalled(Signals.SIGQUIT, true));
		assertThat(status.shellStatus()).isEqualTo(131);
		assertThat(status).hasToString("signal QUIT (core)");
	}

	@Test
	void namesSignals() {
		assertThat(Signals.name(Signals.SIGTERM)).isEqualTo("TERM");
		assertThat(Signals.name(34)).isEqualTo("RTMIN+0");
		assertThat(Signals.name(99)).isEqualTo("99");
	}

}
