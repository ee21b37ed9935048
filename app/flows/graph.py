"""The step graph of a tree: every `goto` is an edge, whatever its condition."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from app.flows.schema import Condition, Tree
from app.flows.yaml_positions import PathKey


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    index: int  # the rule's place in `next`
    when: Condition | None
    goto_path: PathKey  # data path of the `goto` value (or of `next` when it is a plain id)
    rule_path: PathKey  # data path of the rule (or of `next` when it is a plain id)


def step_edges(tree: Tree) -> dict[str, list[Edge]]:
    """Outgoing edges per step id, in rule order (first step wins on duplicate ids)."""
    out: dict[str, list[Edge]] = {}
    for i, step in enumerate(tree.steps):
        if step.id in out:
            continue
        here: PathKey = ("steps", i, "next")
        if isinstance(step.next, str):
            out[step.id] = [Edge(step.id, step.next, 0, None, here, here)]
            continue
        out[step.id] = [
            Edge(step.id, rule.goto, j, rule.when, (*here, j, "goto"), (*here, j))
            for j, rule in enumerate(step.rules)
        ]
    return out


@dataclass
class StepGraph:
    tree: Tree
    edges: dict[str, list[Edge]] = field(init=False)

    def __post_init__(self) -> None:
        self.edges = step_edges(self.tree)

    def successors(self, step_id: str) -> Iterable[str]:
        return (e.target for e in self.edges.get(step_id, ()) if e.target in self.edges)

    @cached_property
    def reachable(self) -> set[str]:
        """Steps some route from `start` reaches (empty if `start` is unknown)."""
        if self.tree.start not in self.edges:
            return set()
        return _closure([self.tree.start], self.successors)

    def descendants(self, step_id: str) -> set[str]:
        """`step_id` and every step some route from it reaches."""
        return _closure([step_id], self.successors)

    @cached_property
    def _predecessors(self) -> dict[str, set[str]]:
        preds: dict[str, set[str]] = {s: set() for s in self.edges}
        for source in self.edges:
            for target in self.successors(source):
                preds[target].add(source)
        return preds

    def ancestors(self, step_id: str) -> set[str]:
        """Steps on some route from `start` to `step_id` (not counting `step_id` itself
        unless it lies on a cycle). For a step no route reaches, every step leading to it."""
        found = _closure(self._predecessors.get(step_id, ()), self._predecessors.__getitem__)
        if step_id in self.reachable:
            found &= self.reachable
        return found

    def cycles(self) -> list[tuple[Edge, list[str]]]:
        """One entry per edge that closes a loop: the edge and the loop's steps."""
        state: dict[str, int] = {}  # 1: on the current route, 2: finished
        stack: list[str] = []
        found: list[tuple[Edge, list[str]]] = []
        order = [self.tree.start] if self.tree.start in self.edges else []
        order += [s for s in self.edges if s != self.tree.start]
        for root in order:
            if root in state:
                continue
            # iterative depth-first search: (step, index of the next edge to try)
            work: list[tuple[str, int]] = [(root, 0)]
            state[root] = 1
            stack.append(root)
            while work:
                node, index = work.pop()
                edges = self.edges[node]
                if index < len(edges):
                    work.append((node, index + 1))
                    edge = edges[index]
                    target = edge.target
                    if target not in self.edges:
                        continue
                    if state.get(target) == 1:
                        loop = stack[stack.index(target) :] + [target]
                        found.append((edge, loop))
                    elif target not in state:
                        state[target] = 1
                        stack.append(target)
                        work.append((target, 0))
                else:
                    state[node] = 2
                    stack.pop()
        return found


def _closure(seeds: Iterable[str], step: Callable[[str], Iterable[str]]) -> set[str]:
    """Every node reachable from `seeds` by repeatedly applying `step`."""
    seen: set[str] = set()
    todo = list(seeds)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        todo.extend(step(node))
    return seen
