package dev.redlens.project;

/**
 * Project ids: UUIDs of any version in their canonical form, 36 characters, lower-case hexadecimal
 * digits in groups of 8-4-4-4-12 separated by hyphens ({@code
 * 0f8c2a4e-6d1b-4c3a-9f2e-5b7d8a9c0e1f}). Anything else is rejected with an {@link
 * IllegalArgumentException} that names the problem, so that one project can never be reached under
 * two spellings of its id (upper case, braces, missing hyphens).
 */
public final class ProjectIds {

  private static final int[] HYPHENS = {8, 13, 18, 23};

  private ProjectIds() {}

  /** Whether {@code projectId} is a canonical lower-case UUID. */
  public static boolean isValid(String projectId) {
    return problem(projectId) == null;
  }

  /**
   * Returns {@code projectId} if it is a canonical lower-case UUID.
   *
   * @throws IllegalArgumentException naming what is wrong with it
   */
  public static String requireValid(String projectId) {
    String problem = problem(projectId);
    if (problem != null) {
      throw new IllegalArgumentException(
          "Invalid project id "
              + (projectId == null ? "null" : "'" + printable(projectId) + "'")
              + ": "
              + problem);
    }
    return projectId;
  }

  private static String problem(String id) {
    if (id == null) {
      return "a project id is required (a UUID such as 0f8c2a4e-6d1b-4c3a-9f2e-5b7d8a9c0e1f)";
    }
    if (id.length() != 36) {
      return "a project id is a UUID of 36 characters (8-4-4-4-12 hexadecimal digits), this one has "
          + id.length();
    }
    for (int i = 0; i < 36; i++) {
      char c = id.charAt(i);
      boolean hyphenPosition =
          i == HYPHENS[0] || i == HYPHENS[1] || i == HYPHENS[2] || i == HYPHENS[3];
      if (hyphenPosition) {
        if (c != '-') {
          return "expected '-' at position "
              + i
              + " (UUID groups 8-4-4-4-12), found '"
              + printable(c)
              + "'";
        }
      } else if (c >= 'A' && c <= 'F') {
        return "a project id must be lower case (canonical UUID form), found '"
            + c
            + "' at position "
            + i;
      } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return "'" + printable(c) + "' at position " + i + " is not a hexadecimal digit";
      }
    }
    return null;
  }

  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && i < 64; i++) {
      out.append(printable(s.charAt(i)));
    }
    return s.length() > 64 ? out + "…" : out.toString();
  }

  private static String printable(char c) {
    return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
