package dev.pid1.diagnosis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Reads a shell script that traps SIGTERM and decides what it does with the signal. A
 * trapped signal makes a running {@code wait} return at once; the trap runs, and the
 * script goes on after that {@code wait}. So a script that relays TERM to the JVM and
 * waits only once exits right after the trap, PID 1 is gone, and the kernel kills the JVM
 * mid-shutdown (measured). It keeps the JVM alive only if it waits for it again after the
 * trap has run: a second {@code wait}, a {@code wait} in a loop, or a {@code wait} in the
 * trap itself. A lexer, not a shell: it reads the usual forms of these scripts, and says
 * so when it finds no trap it can read.
 *
 * @author pid1 authors
 */
final class TrapScript {

	private static final Set<String> RESERVED = Set.of("if", "then", "else", "elif", "fi", "do", "while", "until",
			"for", "!", "{", "}", "time", "case", "esac");

	private static final Set<String> LOOPS = Set.of("while", "until", "for");

	private TrapScript() {
	}

	/**
	 * What a script does on SIGTERM.
	 */
	enum Outcome {

		/** It relays TERM to the JVM and waits for it again after the trap. */
		RELAYS_AND_WAITS,

		/** It relays TERM and then exits without waiting for the JVM again. */
		WAITS_ONCE,

		/** Its trap relays TERM and exits the script. */
		EXITS_IN_TRAP,

		/**
		 * It runs the JVM in the foreground: the trap runs only once the JVM has exited.
		 */
		FOREGROUND,

		/** Its trap does not pass TERM on, and it waits for the JVM again. */
		SWALLOWS,

		/** No TERM trap could be read. */
		UNREADABLE

	}

	/**
	 * Decides what the script does on SIGTERM.
	 * @param text the script or inline command
	 * @return the outcome
	 */
	static Outcome analyze(String text) {
		List<Token> tokens = tokenize(text);
		Map<String, List<Token>> functions = new HashMap<>();
		List<Token> main = withoutFunctions(tokens, functions);
		List<Command> commands = commands(main);
		int trap = -1;
		String action = null;
		for (int i = 0; i < commands.size(); i++) {
			String handler = termHandler(commands.get(i));
			// `trap - TERM` after the first wait resets the trap: the handler is the one
			// before it.
			if (handler != null && !handler.equals("-")) {
				trap = i;
				action = handler;
			}
		}
		if (action == null) {
			return Outcome.UNREADABLE;
		}
		List<Command> handler = new ArrayList<>(commands(tokenize(action)));
		for (Command command : List.copyOf(handler)) {
			List<Token> body = functions.get(command.name());
			if (body != null) {
				handler.addAll(commands(body));
			}
		}
		boolean relays = handler.stream().anyMatch((command) -> command.name().equals("kill"));
		boolean waitsInTrap = handler.stream().anyMatch((command) -> command.name().equals("wait"));
		boolean exitsInTrap = handler.stream().anyMatch((command) -> command.name().equals("exit"));
		List<Command> after = commands.subList(trap + 1, commands.size());
		long waits = after.stream().filter((command) -> command.name().equals("wait")).count();
		boolean waitsAgain = waits >= 2
				|| after.stream().anyMatch((command) -> command.name().equals("wait") && command.inLoop());
		if (waits == 0) {
			return Outcome.FOREGROUND;
		}
		if (!relays) {
			return (waitsAgain && !exitsInTrap) ? Outcome.SWALLOWS : Outcome.WAITS_ONCE;
		}
		if (waitsInTrap) {
			return Outcome.RELAYS_AND_WAITS;
		}
		if (exitsInTrap) {
			return Outcome.EXITS_IN_TRAP;
		}
		return waitsAgain ? Outcome.RELAYS_AND_WAITS : Outcome.WAITS_ONCE;
	}

	/**
	 * The action of a {@code trap} command that covers TERM, or {@code null}.
	 */
	private static @Nullable String termHandler(Command command) {
		if (!command.name().equals("trap")) {
			return null;
		}
		List<String> args = new ArrayList<>(command.args());
		if (!args.isEmpty() && args.get(0).equals("--")) {
			args.remove(0);
		}
		if (args.size() < 2) {
			return null;
		}
		for (String signal : args.subList(1, args.size())) {
			String name = signal.toUpperCase(Locale.ROOT);
			if (name.equals("TERM") || name.equals("SIGTERM") || name.equals("15")) {
				return args.get(0);
			}
		}
		return null;
	}

	private static List<Token> withoutFunctions(List<Token> tokens, Map<String, List<Token>> functions) {
		List<Token> main = new ArrayList<>();
		int i = 0;
		while (i < tokens.size()) {
			String name = functionName(tokens, i);
			int open = (name != null) ? indexOfWord(tokens, i, "{") : -1;
			if (open < 0) {
				main.add(tokens.get(i++));
				continue;
			}
			int depth = 0;
			int close = open;
			for (; close < tokens.size(); close++) {
				Token token = tokens.get(close);
				depth += token.isWord("{") ? 1 : (token.isWord("}") ? -1 : 0);
				if (depth == 0) {
					break;
				}
			}
			functions.put(name, tokens.subList(open + 1, Math.min(close, tokens.size())));
			i = close + 1;
		}
		return main;
	}

	private static @Nullable String functionName(List<Token> tokens, int i) {
		Token token = tokens.get(i);
		if (token.isWord("function") && i + 1 < tokens.size() && tokens.get(i + 1).word()) {
			return tokens.get(i + 1).text();
		}
		if (token.word() && i + 2 < tokens.size() && tokens.get(i + 1).isSeparator("(")
				&& tokens.get(i + 2).isSeparator(")")) {
			return token.text();
		}
		return null;
	}

	private static int indexOfWord(List<Token> tokens, int from, String word) {
		for (int i = from; i < tokens.size() && i < from + 5; i++) {
			if (tokens.get(i).isWord(word)) {
				return i;
			}
		}
		return -1;
	}

	private static List<Command> commands(List<Token> tokens) {
		List<Command> commands = new ArrayList<>();
		int loops = 0;
		List<String> words = new ArrayList<>();
		for (Token token : tokens) {
			if (token.word()) {
				words.add(token.text());
				continue;
			}
			loops = addCommand(commands, words, loops);
			words.clear();
		}
		addCommand(commands, words, loops);
		return commands;
	}

	private static int addCommand(List<Command> commands, List<String> words, int loops) {
		int i = 0;
		while (i < words.size() && RESERVED.contains(words.get(i))) {
			String word = words.get(i++);
			if (LOOPS.contains(word)) {
				loops++;
			}
		}
		if (i < words.size() && words.get(i).equals("done")) {
			return Math.max(0, loops - 1);
		}
		if (i < words.size()) {
			commands.add(new Command(words.get(i), List.copyOf(words.subList(i + 1, words.size())), loops > 0));
		}
		return loops;
	}

	/**
	 * Words and separators; quotes removed, comments dropped.
	 */
	static List<Token> tokenize(String text) {
		List<Token> tokens = new ArrayList<>();
		StringBuilder word = null;
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c == '\'' || c == '"') {
				int end = text.indexOf(c, i + 1);
				end = (end < 0) ? text.length() : end;
				word = (word != null) ? word : new StringBuilder();
				word.append(text, i + 1, end);
				i = end + 1;
				continue;
			}
			if (c == '\\' && i + 1 < text.length()) {
				word = (word != null) ? word : new StringBuilder();
				word.append(text.charAt(i + 1));
				i += 2;
				continue;
			}
			if (c == '#' && word == null) {
				int end = text.indexOf('\n', i);
				i = (end < 0) ? text.length() : end;
				continue;
			}
			boolean separator = c == ';' || c == '\n' || c == '&' || c == '|' || c == '(' || c == ')';
			if (separator || Character.isWhitespace(c)) {
				if (word != null) {
					tokens.add(new Token(word.toString(), true));
					word = null;
				}
				if (separator) {
					tokens.add(new Token(String.valueOf(c), false));
				}
				i++;
				continue;
			}
			word = (word != null) ? word : new StringBuilder();
			word.append(c);
			i++;
		}
		if (word != null) {
			tokens.add(new Token(word.toString(), true));
		}
		return tokens;
	}

	record Token(String text, boolean word) {

		boolean isWord(String value) {
			return this.word && this.text.equals(value);
		}

		boolean isSeparator(String value) {
			return !this.word && this.text.equals(value);
		}

	}

	private record Command(String name, List<String> args, boolean inLoop) {

	}

}
