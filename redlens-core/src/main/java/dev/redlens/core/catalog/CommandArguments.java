package dev.redlens.core.catalog;

/**
 * The arguments of one command as the client sent them, not counting the command name itself:
 * argument 0 is the first argument after the name (for {@code CLIENT LIST} that is {@code LIST}).
 * Integrations adapt their own representation to this view lazily, so nothing is copied unless it
 * is read.
 */
public interface CommandArguments {

  /** The number of arguments after the command name. */
  int size();

  /**
   * Argument {@code index} as text (UTF-8 decoded where it was binary). Never null for {@code 0 <=
   * index < size()}.
   */
  String get(int index);

  /** No arguments. */
  CommandArguments EMPTY =
      new CommandArguments() {
        @Override
        public int size() {
          return 0;
        }

        @Override
        public String get(int index) {
          throw new IndexOutOfBoundsException(index);
        }
      };

  /** A view of the given strings. */
  static CommandArguments of(String... args) {
    return new CommandArguments() {
      @Override
      public int size() {
        return args.length;
      }

      @Override
      public String get(int index) {
        return args[index];
      }
    };
  }
}
