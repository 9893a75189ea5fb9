package dev.redlens.core.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class CauseChainTest {

  @Test
  void findsTheFirstMatchFromTheFailureItselfDown() {
    ConnectException refused = new ConnectException("refused");
    IOException io = new IOException("io", refused);
    RuntimeException top = new RuntimeException("top", io);

    assertThat(CauseChain.find(top, IOException.class::isInstance)).isSameAs(io);
    assertThat(CauseChain.find(top, RuntimeException.class::isInstance)).isSameAs(top);
    assertThat(CauseChain.anyMatch(top, ConnectException.class::isInstance)).isTrue();
    assertThat(CauseChain.anyMatch(top, IllegalStateException.class::isInstance)).isFalse();
    assertThat(CauseChain.find(null, e -> true)).isNull();
    assertThat(CauseChain.root(top)).isSameAs(refused);
    assertThat(CauseChain.root(refused)).isSameAs(refused);
  }

  @Test
  void readsAtMostMaxDepthLinks() {
    IllegalStateException deepest = new IllegalStateException("deepest");
    Throwable chain = deepest;
    for (int i = 1; i < CauseChain.MAX_DEPTH; i++) {
      chain = new RuntimeException("link " + i, chain);
    }
    assertThat(CauseChain.find(chain, IllegalStateException.class::isInstance)).isSameAs(deepest);
    assertThat(CauseChain.root(chain)).isSameAs(deepest);

    Throwable deeper = new RuntimeException("one more", chain);
    assertThat(CauseChain.find(deeper, IllegalStateException.class::isInstance)).isNull();
    assertThat(CauseChain.root(deeper)).isNotSameAs(deepest);
  }

  @Test
  void endsOnACycleInTheChain() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b); // a -> b -> a -> ...

    assertThat(CauseChain.find(a, IOException.class::isInstance)).isNull();
    assertThat(CauseChain.root(a)).isIn(a, b);
  }

  @Test
  void unwrapsTheWrappersOfFutures() {
    ConnectException refused = new ConnectException("refused");
    Throwable wrapped = new CompletionException(new ExecutionException(refused));

    assertThat(CauseChain.unwrap(wrapped)).isSameAs(refused);
    assertThat(CauseChain.unwrap(refused)).isSameAs(refused);
    CompletionException empty = new CompletionException("no cause", null);
    assertThat(CauseChain.unwrap(empty)).isSameAs(empty);
  }
}
