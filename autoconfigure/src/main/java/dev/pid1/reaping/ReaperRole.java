package dev.pid1.reaping;

/**
 * Why the zombies of this JVM's tree are its to reap.
 *
 * @author pid1 authors
 */
public enum ReaperRole {

	/** This JVM is PID 1 of its PID namespace: every orphan is re-parented to it. */
	PID_1,

	/** Something else made this JVM a child subreaper before pid1 looked. */
	SUBREAPER,

	/** pid1 made this JVM a child subreaper, as {@code pid1.subreaper} says. */
	SUBREAPER_BY_POLICY

}
