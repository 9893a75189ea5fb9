package dev.redlens.info.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class KeyValueListTest {
  @Test
  void pairsInOrder() {
    assertThat(KeyValueList.parse("calls=1,usec=2,usec_per_call=2.00"))
        .containsExactly(entry("calls", "1"), entry("usec", "2"), entry("usec_per_call", "2.00"));
  }

  @Test
  void valuesMayHoldColonsAndEqualsSigns() {
    assertThat(KeyValueList.parse("ip=::1,port=6380,note=a=b"))
        .containsExactly(entry("ip", "::1"), entry("port", "6380"), entry("note", "a=b"));
  }

  @Test
  void oddPiecesAreIgnored() {
    assertThat(KeyValueList.parse(",,=x,noequals,a=1,,b=,"))
        .containsExactly(entry("a", "1"), entry("b", ""));
    assertThat(KeyValueList.parse("")).isEmpty();
    assertThat(KeyValueList.parse(null)).isEmpty();
    assertThat(KeyValueList.parse("a=1,a=2")).containsExactly(entry("a", "2"));
  }
}
