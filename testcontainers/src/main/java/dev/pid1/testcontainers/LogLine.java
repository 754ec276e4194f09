package dev.pid1.testcontainers;

import java.util.function.Predicate;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One line of a container's log, as Spring Boot writes it to the console: plain text, or
 * one JSON object per line under structured logging
 * ({@code logging.structured.format.console=ecs}, {@code logstash} or {@code gelf}),
 * where the text pid1 logged is a field and the logger is known.
 *
 * @param message what was logged: the JSON's message, or the whole plain line
 * @param logger the logger's name, {@code null} when the line does not say it in a form
 * the kit reads (plain text, where it may be abbreviated)
 * @author pid1 authors
 */
record LogLine(String message, @Nullable String logger) {

	/** Where each of Spring Boot's structured formats puts the message. */
	private static final String[] MESSAGE = { "/message", "/short_message", "/full_message" };

	/** Where each puts the logger: ECS, Logstash, GELF. */
	private static final String[] LOGGER = { "/log/logger", "/log.logger", "/logger_name", "/_log_logger" };

	/**
	 * The messages of pid1's loggers among the lines that contain a text: a plain line as
	 * it is, a structured one by its message (another logger's message that quotes pid1
	 * is left out).
	 * @param logs the log
	 * @param text what the raw line must contain (before a line is parsed)
	 * @return the messages, in order
	 */
	static Stream<String> pid1Messages(String logs, String text) {
		return logs.lines()
			.filter((line) -> line.contains(text))
			.map(LogLine::parse)
			.filter(LogLine::fromPid1)
			.map(LogLine::message)
			.filter(contains(text));
	}

	static LogLine parse(String line) {
		String trimmed = line.strip();
		if (trimmed.startsWith("{") && trimmed.endsWith("}")) {
			try {
				JsonNode json = StartupReader.JSON.readTree(trimmed);
				String message = first(json, MESSAGE);
				if (message != null) {
					return new LogLine(message, first(json, LOGGER));
				}
			}
			catch (JacksonException ex) {
				// Not JSON after all: a plain line that happens to start with a brace.
			}
		}
		return new LogLine(line, null);
	}

	/**
	 * Whether pid1 could have logged it: its logger is one of pid1's, or unknown.
	 * @return whether it may be pid1's
	 */
	boolean fromPid1() {
		return this.logger == null || this.logger.startsWith("dev.pid1.");
	}

	private static @Nullable String first(JsonNode json, String[] pointers) {
		for (String pointer : pointers) {
			JsonNode node = json.at(pointer);
			if (node.isString()) {
				return node.asString();
			}
		}
		return null;
	}

	private static Predicate<String> contains(String text) {
		return (message) -> message.contains(text);
	}

}
