package io.arbor.runtime.cluster;

import io.arbor.runtime.registry.RegistryView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Every reachable member's registry view, found through the receptionist: their applied versions,
 * and a wait until they have all applied one. On a single node it is this node's view alone.
 */
public final class MemberViews {
  private static final Duration RETRY = Duration.ofMillis(200);
  private final ActorSystem<?> system;
  private final Executor executor;

  public MemberViews(ActorSystem<?> system, Executor executor) {
    this.system = system;
    this.executor = executor;
  }

  /** Each reachable member's versions, by address; a member that could not be asked is missing from the answer. */
  public CompletionStage<List<RegistryView.Version>> versions(Duration timeout) {
    return views(timeout).thenComposeAsync(views -> {
      List<CompletableFuture<RegistryView.Version>> answers = views.stream()
          .map(view -> AskPattern.<RegistryView.Command, RegistryView.Version>ask(
              view, RegistryView.GetVersion::new, timeout, system.scheduler()).toCompletableFuture()
              .exceptionally(error -> null))
          .toList();
      return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done -> answers.stream()
          .map(CompletableFuture::join).filter(answer -> answer != null)
          .sorted((a, b) -> a.node().compareTo(b.node())).toList());
    }, executor);
  }

  /**
   * Completes once every reachable member's chains reflect {@code version}; fails with {@link
   * MembersLaggingException} naming those that had not within {@code timeout}. A member that just
   * joined may not be listed by the receptionist yet, so the members are asked again until the wait
   * is over.
   */
  public CompletionStage<Void> awaitApplied(long version, Duration timeout) {
    return attempt(version, System.nanoTime() + timeout.toNanos(), timeout);
  }

  private CompletionStage<Void> attempt(long version, long deadline, Duration timeout) {
    Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    return views(left).thenComposeAsync(views -> {
      Map<String, CompletableFuture<RegistryView.Version>> answers = new TreeMap<>();
      List<String> members = reachableMembers();
      for (ActorRef<RegistryView.Command> view : views) {
        String node = addressOf(view);
        if (members.isEmpty() || members.contains(node)) { // a view of a node that left is not waited for
          answers.put(node, AskPattern.<RegistryView.Command, RegistryView.Version>ask(
              view, replyTo -> new RegistryView.AwaitApplied(version, replyTo), left, system.scheduler()).toCompletableFuture()
              .exceptionally(error -> null));
        }
      }
      return CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new)).thenCompose(done -> {
        TreeSet<String> lagging = new TreeSet<>();
        answers.forEach((node, answer) -> {
          if (answer.join() == null || answer.join().applied() < version) {
            lagging.add(node);
          }
        });
        for (String member : members) {
          if (!answers.containsKey(member)) {
            lagging.add(member + " (no registry view registered yet)");
          }
        }
        if (lagging.isEmpty()) {
          return CompletableFuture.<Void>completedFuture(null);
        }
        if (System.nanoTime() < deadline - RETRY.toNanos()) {
          Executor later = CompletableFuture.delayedExecutor(RETRY.toMillis(), TimeUnit.MILLISECONDS, executor);
          return CompletableFuture.supplyAsync(() -> attempt(version, deadline, timeout), later).thenCompose(next -> next);
        }
        return CompletableFuture.<Void>failedFuture(new MembersLaggingException(version, new ArrayList<>(lagging), timeout));
      });
    }, executor);
  }

  private CompletionStage<List<ActorRef<RegistryView.Command>>> views(Duration timeout) {
    return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
            system.receptionist(), replyTo -> Receptionist.find(RegistryView.KEY, replyTo), timeout, system.scheduler())
        .thenApply(listing -> List.copyOf(listing.getServiceInstances(RegistryView.KEY)));
  }

  /** Members that are up and reachable from here; on a single node, none beyond this node's own view. */
  private List<String> reachableMembers() {
    if (!RegistryPlacement.clustered(system)) {
      return List.of();
    }
    Cluster cluster = Cluster.get(system);
    List<String> members = new ArrayList<>();
    cluster.state().getMembers().forEach(member -> {
      if (member.status() == MemberStatus.up() && !cluster.state().getUnreachable().contains(member)) {
        members.add(member.address().toString());
      }
    });
    return members;
  }

  /** A local ref's path has no host: this node's own view goes by this node's address. */
  private String addressOf(ActorRef<?> view) {
    return view.path().address().hasLocalScope() ? system.address().toString() : view.path().address().toString();
  }
}
