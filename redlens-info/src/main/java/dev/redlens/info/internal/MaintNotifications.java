package dev.redlens.info.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;

/**
 * Turns off Lettuce's maintenance notifications ({@code CLIENT MAINT_NOTIFICATIONS}) on the
 * collector's own connection, where the Lettuce on the class path has them (7.0 and later). Lettuce
 * 6.x, which Spring Boot 3.5 and 4.0 manage, has no such option and sends no such command, so there
 * is nothing to turn off. The type is named only inside {@link Lettuce7}, which the JVM loads only
 * when that branch runs, so this class links on every Lettuce version.
 */
public final class MaintNotifications {

  private static final boolean PRESENT = present();

  private MaintNotifications() {}

  /** The builder, with maintenance notifications off where Lettuce knows them. */
  public static ClientOptions.Builder disable(ClientOptions.Builder builder) {
    return PRESENT ? Lettuce7.disable(builder) : builder;
  }

  private static boolean present() {
    try {
      Class.forName(
          "io.lettuce.core.MaintNotificationsConfig", false, ClientOptions.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static final class Lettuce7 {
    static ClientOptions.Builder disable(ClientOptions.Builder builder) {
      return builder.maintNotificationsConfig(MaintNotificationsConfig.disabled());
    }
  }
}
