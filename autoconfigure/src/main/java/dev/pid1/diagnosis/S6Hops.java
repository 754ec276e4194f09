package dev.pid1.diagnosis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.pid1.diagnosis.SignalPath.Kind;
import dev.pid1.platform.ProcFs;

/**
 * s6 as hops: s6-svscan (it takes TERM from a signalfd) tells each s6-supervise to stop;
 * s6-supervise sends its service the {@code down-signal} of its service directory (TERM
 * by default), waits for it, and SIGKILLs it after {@code timeout-kill} when that file is
 * there (measured with Debian's s6).
 *
 * @author pid1 authors
 */
final class S6Hops {

	private final ProcFs procFs;

	S6Hops(ProcFs procFs) {
		this.procFs = procFs;
	}

	void supervise(HopBuilder b, long pid) {
		b.kind = Kind.SUPERVISOR;
		String signal = this.procFs.readFileOf(pid, "down-signal", 64)
			.map((text) -> text.strip().toUpperCase(Locale.ROOT))
			.map((text) -> text.startsWith("SIG") ? text.substring(3) : text)
			.filter((text) -> !text.isEmpty())
			.orElse("TERM");
		b.relaySignal = signal;
		b.onTerm = "sends " + signal + " to its service and waits for it";
		long millis = this.procFs.readFileOf(pid, "timeout-kill", 64).map(HopClassifier::parseLong).orElse(0L);
		String dir = this.procFs.cwd(pid).map(Path::toString).orElse("the service directory");
		if (millis > 0) {
			b.onTerm += ", SIGKILLing it after timeout-kill";
			b.kill(Duration.ofMillis(millis), "timeout-kill (" + millis + " ms) in " + dir);
		}
		else if (dir.contains("/run/s6/legacy-services/")) {
			legacyService(b, dir);
		}
	}

	/**
	 * s6-overlay (v3) as PID 1: it is not a Debian package, so this follows its
	 * documentation and shutdown scripts. A service of {@code /etc/services.d}
	 * (supervised from {@code /run/s6/legacy-services}) gets S6_SERVICES_GRACETIME (3000
	 * ms) to die; then every process gets TERM, and SIGKILL S6_KILL_GRACETIME (3000 ms)
	 * later.
	 */
	void overlay(HopBuilder b, long pid, List<String> argv, Map<String, String> env) {
		boolean overlay = argv.stream().anyMatch((arg) -> arg.contains("/package/admin/s6"))
				|| env.keySet().stream().anyMatch((key) -> key.startsWith("S6_"))
				|| this.procFs.readFileOf(pid, "/run/s6/container_environment/PATH", 4096).isPresent();
		if (overlay) {
			b.flags.add("s6-overlay");
			b.onTerm = "s6-overlay: stops its services, then TERMs every process and SIGKILLs after S6_KILL_GRACETIME";
		}
	}

	private void legacyService(HopBuilder b, String dir) {
		Map<String, String> env = this.procFs.environ(1).orElse(Map.of());
		long services = setting(env, "S6_SERVICES_GRACETIME", 3000);
		long kill = setting(env, "S6_KILL_GRACETIME", 3000);
		b.onTerm += "; s6-overlay SIGKILLs it after its grace times";
		b.kill(Duration.ofMillis(services + kill), "s6-overlay's S6_SERVICES_GRACETIME (" + services
				+ " ms) + S6_KILL_GRACETIME (" + kill + " ms) for " + dir);
	}

	private long setting(Map<String, String> env, String name, long defaultValue) {
		String value = env.get(name);
		if (value == null) {
			value = this.procFs.readFileOf(1, "/run/s6/container_environment/" + name, 64).orElse(null);
		}
		long parsed = (value != null) ? HopClassifier.parseLong(value) : 0;
		return (parsed > 0) ? parsed : defaultValue;
	}

}
