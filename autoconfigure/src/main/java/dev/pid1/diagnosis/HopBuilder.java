package dev.pid1.diagnosis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.pid1.diagnosis.HopClassifier.Recognized;
import dev.pid1.diagnosis.SignalPath.Hop;
import dev.pid1.diagnosis.SignalPath.Kind;
import dev.pid1.platform.ProcessStat;

/**
 * What {@link HopClassifier} finds out about one hop, as it finds it.
 *
 * @author pid1 authors
 */
final class HopBuilder {

	final ProcessStat stat;

	final String name;

	final boolean catches;

	final boolean ignores;

	final @Nullable String command;

	final List<String> flags = new ArrayList<>();

	Kind kind = Kind.OTHER;

	@Nullable String onTerm;

	String relaySignal = "TERM";

	boolean toGroup;

	boolean exitsAtOnce;

	@Nullable Duration killAfter;

	@Nullable String killSource;

	@Nullable ShellCommand shell;

	TrapScript.@Nullable Outcome trap;

	HopBuilder(ProcessStat stat, String name, boolean catches, boolean ignores, @Nullable String command) {
		this.stat = stat;
		this.name = name;
		this.catches = catches;
		this.ignores = ignores;
		this.command = command;
	}

	void init(boolean group) {
		this.kind = group ? Kind.INIT_GROUP : Kind.INIT_CHILD;
		this.toGroup = group;
		this.onTerm = "relays TERM to its child" + (group ? "'s process group" : "")
				+ " and exits when the child exits";
	}

	void relay(String onTerm) {
		this.kind = Kind.RELAY;
		this.onTerm = onTerm;
	}

	void kill(Duration after, String source) {
		this.killAfter = after;
		this.killSource = source;
	}

	Recognized build() {
		Hop hop = new Hop(this.stat.pid(), this.name, this.kind, this.stat.processGroup(), this.catches, this.ignores,
				List.copyOf(this.flags), false, this.command, this.onTerm, this.killAfter, this.killSource);
		return new Recognized(hop, this.relaySignal, this.toGroup, this.exitsAtOnce, this.shell, this.trap);
	}

}
