package dev.pid1.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@code docs/configuration.md} and the configuration metadata the build
 * generates from {@link Pid1Properties} and {@link Pid1ConnectionsProperties} describe
 * the same properties, with the same types and defaults, and that the reference shows the
 * ranges the validation checks ({@link Pid1PropertyRanges}).
 *
 * @author pid1 authors
 */
class ConfigurationReferenceTests {

	private static final Pattern ROW = Pattern.compile("^\\| `(pid1\\.[a-z0-9.*-]+)` \\|(.*)\\|$");

	private static final Pattern QUOTED = Pattern.compile("`([^`]+)`");

	private static final Map<String, String> TYPES = Map.of("java.time.Duration", "duration", "java.lang.Boolean",
			"boolean", "java.lang.Double", "number", "java.util.Set<java.lang.String>", "list",
			"java.util.Map<java.lang.String,java.lang.Integer>", "map");

	private static Map<String, Metadata> metadata;

	private static Map<String, Row> reference;

	@BeforeAll
	static void read() throws IOException {
		metadata = readMetadata();
		reference = readReference();
	}

	@Test
	void theReferenceAndTheMetadataAgree() {
		assertThat(problems(metadata, reference)).isEmpty();
	}

	@Test
	void aReferenceThatDriftedIsCaught() {
		// The negative control: the same check on a copy of the reference with one drift
		// of each kind.
		Map<String, Row> drifted = new LinkedHashMap<>(reference);
		drifted.remove("pid1.connections.close-idle");
		drifted.computeIfPresent("pid1.reaper.grace",
				(name, row) -> new Row(name, row.type(), "`2s`", "from 100 ms to 1m", row.description()));
		drifted.computeIfPresent("pid1.reaper.interval",
				(name, row) -> new Row(name, "number", row.defaultValue(), row.accepted(), row.description()));
		drifted.computeIfPresent("pid1.reaper.mode", (name, row) -> new Row(name, row.type(), row.defaultValue(),
				"`auto`, `exact`, `safe`", row.description()));
		drifted.computeIfPresent("pid1.enabled",
				(name, row) -> new Row(name, row.type(), row.defaultValue(), row.accepted(), "On."));
		drifted.put("pid1.reaper.speed",
				new Row("pid1.reaper.speed", "number", "`1`", "any", "A property that is not."));
		assertThat(problems(metadata, drifted)).containsExactlyInAnyOrder(
				"pid1.connections.close-idle: missing from docs/configuration.md",
				"pid1.reaper.speed: not a property (not in the configuration metadata)",
				"pid1.reaper.grace: default `2s` in the reference, 1s in the metadata",
				"pid1.reaper.grace: accepts 'from 100 ms to 1m' in the reference, 'from 100 ms to 60 s' in the validation",
				"pid1.reaper.interval: type number in the reference, duration in the metadata",
				"pid1.reaper.mode: values [auto, exact, safe] in the reference, [auto, exact, safe, off] in the code",
				"pid1.enabled: no description in the reference");
	}

	/**
	 * Where the reference and the metadata (and the validation's ranges) disagree.
	 * @param metadata the metadata's properties
	 * @param reference the reference's rows
	 * @return each disagreement, in words
	 */
	static List<String> problems(Map<String, Metadata> metadata, Map<String, Row> reference) {
		List<String> problems = new ArrayList<>();
		for (String name : reference.keySet()) {
			if (!metadata.containsKey(name)) {
				problems.add(name + ": not a property (not in the configuration metadata)");
			}
		}
		for (Metadata property : metadata.values()) {
			Row row = reference.get(property.name());
			if (row == null) {
				problems.add(property.name() + ": missing from docs/configuration.md");
				continue;
			}
			String type = typeInReference(property);
			if (!row.type().equals(type)) {
				problems
					.add(property.name() + ": type " + row.type() + " in the reference, " + type + " in the metadata");
			}
			if (!Objects.equals(defaultIn(row, property.type()),
					normalized(property.defaultValue(), property.type()))) {
				problems.add(property.name() + ": default " + row.defaultValue() + " in the reference, "
						+ property.defaultValue() + " in the metadata");
			}
			Class<?> enumType = enumType(property.type());
			if (enumType != null && !quoted(row.accepted()).equals(valuesOf(enumType))) {
				problems.add(property.name() + ": values " + quoted(row.accepted()) + " in the reference, "
						+ valuesOf(enumType) + " in the code");
			}
			if (property.type().equals("java.lang.Boolean") && !row.accepted().equals("`true`, `false`")) {
				problems.add(property.name() + ": accepts " + row.accepted() + " in the reference, a boolean");
			}
			if (row.accepted().isBlank()) {
				problems.add(property.name() + ": no accepted values in the reference");
			}
			if (row.description().length() < 20) {
				problems.add(property.name() + ": no description in the reference");
			}
		}
		for (PropertyRange<?> range : Pid1PropertyRanges.ALL) {
			Row row = reference.get(range.name());
			if (row != null && !row.accepted().replace("`", "").equals(range.accepted())) {
				problems.add(range.name() + ": accepts '" + row.accepted().replace("`", "") + "' in the reference, '"
						+ range.accepted() + "' in the validation");
			}
		}
		return problems;
	}

	private static String typeInReference(Metadata property) {
		if (enumType(property.type()) != null) {
			return "enum";
		}
		return TYPES.getOrDefault(property.type(), property.type() + " (add its word to TYPES)");
	}

	/**
	 * The default a row shows: its first quoted value, or {@code null} when it shows none
	 * (no default, or one that depends on other settings).
	 */
	private static String defaultIn(Row row, String type) {
		List<String> quoted = quoted(row.defaultValue());
		return quoted.isEmpty() ? null : normalized(quoted.get(0), type);
	}

	private static String normalized(String value, String type) {
		if (value == null) {
			return null;
		}
		if (type.equals("duration") || type.equals("java.time.Duration")) {
			return DurationStyle.detectAndParse(value).toString();
		}
		if (type.equals("number") || type.equals("java.lang.Double")) {
			return String.valueOf(Double.parseDouble(value));
		}
		return value.toLowerCase(Locale.ROOT);
	}

	private static List<String> quoted(String text) {
		List<String> values = new ArrayList<>();
		Matcher matcher = QUOTED.matcher(text);
		while (matcher.find()) {
			values.add(matcher.group(1));
		}
		return values;
	}

	private static Class<?> enumType(String type) {
		try {
			Class<?> candidate = Class.forName(type);
			return candidate.isEnum() ? candidate : null;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

	private static List<String> valuesOf(Class<?> type) {
		return Arrays.stream(type.getEnumConstants())
			.map((value) -> ((Enum<?>) value).name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Metadata> readMetadata() throws IOException {
		Map<String, Metadata> properties = new LinkedHashMap<>();
		for (URL url : Collections.list(ConfigurationReferenceTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			if (!url.getProtocol().equals("file")) {
				continue; // another module's, in a jar
			}
			try (InputStream in = url.openStream()) {
				Map<String, Object> json = JsonParserFactory.getJsonParser()
					.parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
				for (Object entry : (List<Object>) json.get("properties")) {
					Map<String, Object> property = (Map<String, Object>) entry;
					String name = (String) property.get("name");
					if (name.startsWith("pid1.")) {
						Object defaultValue = property.get("defaultValue");
						properties.put(name, new Metadata(name, (String) property.get("type"),
								(defaultValue != null) ? String.valueOf(defaultValue) : null));
					}
				}
			}
		}
		assertThat(properties).as("pid1's generated configuration metadata").isNotEmpty();
		return properties;
	}

	private static Map<String, Row> readReference() throws IOException {
		// From autoconfigure/ or compatibility/boot41-autoconfigure/: the checkout's
		// docs.
		Path root = Path.of("").toAbsolutePath();
		while (root != null && !Files.isReadable(root.resolve("docs/configuration.md"))) {
			root = root.getParent();
		}
		assertThat(root).as("docs/configuration.md above " + Path.of("").toAbsolutePath()).isNotNull();
		Map<String, Row> rows = new LinkedHashMap<>();
		Set<String> duplicates = new TreeSet<>();
		for (String line : Files.readAllLines(root.resolve("docs/configuration.md"))) {
			Matcher matcher = ROW.matcher(line);
			if (matcher.matches()) {
				String[] cells = matcher.group(2).split(" \\| ", -1);
				assertThat(cells).as(line).hasSize(4);
				String name = matcher.group(1).replace(".*", "");
				Row row = new Row(name, cells[0].trim(), cells[1].trim(), cells[2].trim(), cells[3].trim());
				if (rows.put(name, row) != null) {
					duplicates.add(name);
				}
			}
		}
		assertThat(duplicates).as("properties listed twice").isEmpty();
		return rows;
	}

	record Metadata(String name, String type, String defaultValue) {

	}

	record Row(String name, String type, String defaultValue, String accepted, String description) {

	}

}
