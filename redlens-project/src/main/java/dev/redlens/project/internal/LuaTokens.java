package dev.redlens.project.internal;

import dev.redlens.project.internal.ScriptInspector.Kind;
import dev.redlens.project.internal.ScriptInspector.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * A small Lua 5.1 tokenizer: names, numbers, strings (with their value), symbols; comments dropped.
 */
final class LuaTokens {

  private static final String[] SYMBOLS = {
    "...", "..", "==", "~=", "<=", ">=", "::", "+", "-", "*", "/", "%", "^", "#", "<", ">", "=",
    "(", ")", "{", "}", "[", "]", ";", ":", ",", "."
  };

  private LuaTokens() {}

  static List<Token> tokenize(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (s.startsWith("--", i)) {
        int level = longBracketLevel(s, i + 2);
        if (level >= 0) {
          i = endOfLongBracket(s, i + 2, level);
        } else {
          int eol = s.indexOf('\n', i);
          i = eol < 0 ? n : eol + 1;
        }
      } else if (c == '[' && longBracketLevel(s, i) >= 0) {
        int level = longBracketLevel(s, i);
        int contentStart = i + level + 2;
        int end = endOfLongBracket(s, i, level);
        String content = s.substring(contentStart, end - level - 2);
        if (content.startsWith("\n")) {
          content = content.substring(1);
        }
        out.add(new Token(Kind.STRING, content));
        i = end;
      } else if (c == '"' || c == '\'') {
        StringBuilder value = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= n) {
            throw new IllegalArgumentException("unfinished string");
          }
          char d = s.charAt(j);
          if (d == c) {
            break;
          }
          if (d == '\\' && j + 1 < n) {
            char e = s.charAt(++j);
            switch (e) {
              case 'n' -> value.append('\n');
              case 't' -> value.append('\t');
              case 'r' -> value.append('\r');
              case 'a' -> value.append('\u0007');
              case 'b' -> value.append('\b');
              case 'f' -> value.append('\f');
              case 'v' -> value.append('\u000b');
              default -> {
                if (Character.isDigit(e)) {
                  int k = j;
                  int code = 0;
                  while (k < n && k < j + 3 && Character.isDigit(s.charAt(k))) {
                    code = code * 10 + (s.charAt(k) - '0');
                    k++;
                  }
                  value.append((char) code);
                  j = k - 1;
                } else {
                  value.append(e);
                }
              }
            }
          } else if (d == '\n') {
            throw new IllegalArgumentException("unfinished string");
          } else {
            value.append(d);
          }
          j++;
        }
        out.add(new Token(Kind.STRING, value.toString()));
        i = j + 1;
      } else if (Character.isLetter(c) || c == '_') {
        int j = i;
        while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
          j++;
        }
        out.add(new Token(Kind.NAME, s.substring(i, j)));
        i = j;
      } else if (Character.isDigit(c)
          || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
        int j = i;
        while (j < n
            && (Character.isLetterOrDigit(s.charAt(j))
                || s.charAt(j) == '.'
                || ((s.charAt(j) == '-' || s.charAt(j) == '+')
                    && (s.charAt(j - 1) == 'e' || s.charAt(j - 1) == 'E')))) {
          j++;
        }
        out.add(new Token(Kind.NUMBER, s.substring(i, j)));
        i = j;
      } else {
        String symbol = null;
        for (String candidate : SYMBOLS) {
          if (s.startsWith(candidate, i)) {
            symbol = candidate;
            break;
          }
        }
        if (symbol == null) {
          throw new IllegalArgumentException("unexpected character '" + c + "'");
        }
        out.add(new Token(Kind.SYMBOL, symbol));
        i += symbol.length();
      }
    }
    return out;
  }

  /**
   * The level of a long bracket opening at {@code i} ({@code [[} is 0, {@code [==[} is 2), or -1.
   */
  private static int longBracketLevel(String s, int i) {
    if (i >= s.length() || s.charAt(i) != '[') {
      return -1;
    }
    int j = i + 1;
    while (j < s.length() && s.charAt(j) == '=') {
      j++;
    }
    return j < s.length() && s.charAt(j) == '[' ? j - i - 1 : -1;
  }

  /** The index after the long bracket that opens at {@code i} with {@code level}. */
  private static int endOfLongBracket(String s, int i, int level) {
    String close = "]" + "=".repeat(level) + "]";
    int end = s.indexOf(close, i + level + 2);
    if (end < 0) {
      throw new IllegalArgumentException("unfinished long string or comment");
    }
    return end + close.length();
  }

  static String text(List<Token> tokens) {
    StringBuilder out = new StringBuilder();
    for (Token t : tokens) {
      if (out.length() > 0 && t.kind() != Kind.SYMBOL && out.charAt(out.length() - 1) != '[') {
        out.append(' ');
      }
      out.append(t.kind() == Kind.STRING ? "'" + t.text() + "'" : t.text());
      if (out.length() > 60) {
        return out.substring(0, 60) + "…";
      }
    }
    return out.toString();
  }
}
