"""Readable terminal views (Rich) of screenings, plans, exercises and rules."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from spinewise.domain.catalog import Exercise
from spinewise.domain.planner import GUIDANCE_SECTIONS, Explanation, PlanResult
from spinewise.domain.rule import Rule
from spinewise.domain.screening import DISCLAIMER, Screening

LEVEL_STYLE = {"emergency": "bold white on red", "urgent": "bold red", "refer": "bold yellow",
               "modify": "bold cyan", "clear": "bold green"}


def show_screening(out: Console, s: Screening) -> None:
    style = LEVEL_STYLE[s.level]
    out.print(Panel(f"[{style}]{s.level.upper()}[/]  {s.next_step}", title="Screening"))
    for r in s.reasons:
        out.print(f"  [{LEVEL_STYLE.get(r.level, '')}]{r.rule}[/]  {r.message}")
    if s.may_train:
        out.print(f"\nPattern: consistent with [bold]{s.pattern.primary.replace('_', ' ')}[/]"
                  + (f" ({'; '.join(s.pattern.evidence)})" if s.pattern.evidence else ""))
        out.print(f"Avoid under load: {', '.join(i.replace('_', ' ') for i in s.pattern.intolerances) or 'nothing specific'}")
        out.print(f"Irritability: [bold]{s.irritability}[/] ({'; '.join(s.irritability_why)})")
        if s.psychosocial.assessed:
            out.print(f"Psychosocial risk (STarT Back scoring): [bold]{s.psychosocial.risk}[/] "
                      f"(total {s.psychosocial.total}/9, subscale {s.psychosocial.psychosocial_subscale}/5)")
        else:
            out.print("Psychosocial risk: [bold]not assessed[/] (the questions were not answered; "
                      "they are asked at your first check-in)")
    out.print(f"\n[dim]{DISCLAIMER}[/]")


def show_plan(out: Console, plan: PlanResult, week: int = 0) -> None:
    show_screening(out, plan.screening)
    if not plan.has_plan:
        from spinewise.domain.planner import NO_PLAN_ADVICE

        out.print(Panel(NO_PLAN_ADVICE.get(plan.level, ""), title="No plan", style="yellow"))
        return
    phases = Table(title="Phases", show_lines=False)
    phases.add_column("Phase")
    phases.add_column("Weeks")
    phases.add_column("Goal")
    for p in plan.phases:
        phases.add_row(p.phase, f"{p.first_week}-{p.last_week}", p.goal)
    out.print(phases)
    chosen = [w for w in plan.weeks if w.week == (week or 1)]
    for w in chosen:
        out.print(f"\n[bold]Week {w.week}[/] - {w.phase}{' (deload)' if w.deload else ''}: {w.overload}")
        for session in w.sessions:
            out.print(f"\n[bold underline]Day {session.day}: {session.focus.replace('_', ' ')}[/]"
                      f" [dim](about {session.minutes} min)[/]")
            for block in session.blocks:
                out.print(f"  [bold cyan]{block.kind}[/]")
                for item in block.items:
                    rx = item.rx
                    dose = f"{rx.sets} x {rx.reps if rx.reps is not None else f'{rx.seconds} s'}"
                    if rx.per_side:
                        dose += " each side"
                    extras = [x for x in (f"tempo {rx.tempo}" if rx.tempo else "",
                                          f"RPE <= {rx.rpe_max}" if rx.rpe_max else "",
                                          f"rest {rx.rest_seconds} s" if rx.rest_seconds else "") if x]
                    out.print(f"    [bold]{item.exercise.replace('_', ' ')}[/]  {dose}  [dim]{' · '.join(extras)}[/]")
                    out.print(f"      [dim]{item.why}[/]")
                    if item.belt:
                        out.print(f"      [yellow]Belt:[/] [dim]{item.belt}[/]")
    for section, heading in GUIDANCE_SECTIONS.items():
        notes = [g for g in plan.guidance if g.section == section]
        if notes:
            out.print(f"\n[bold]{heading}[/]")
        for g in notes:
            out.print(f"  [cyan]{g.topic}[/]: {g.message}")
    out.print(f"\n[dim]{len(plan.weeks)} weeks in all; --week N shows another week, --json prints everything.[/]")


def show_exercises(out: Console, exercises: Sequence[Exercise]) -> None:
    table = Table(title=f"{len(exercises)} exercises")
    for col in ("id", "pattern", "equipment", "axial", "flex", "ext", "rot", "phase"):
        table.add_column(col)
    for e in exercises:
        s = e.spine
        table.add_row(e.id, e.pattern, ", ".join(e.equipment), str(s.axial), str(s.flexion),
                      str(s.extension), str(s.rotation), e.phase_min)
    out.print(table)


def show_explanation(out: Console, x: Explanation) -> None:
    style = {"allowed": "green", "substituted": "yellow", "excluded": "red"}[x.status]
    out.print(f"[bold {style}]{x.status.upper()}[/] {x.exercise}" + (f"  ({x.rule})" if x.rule else ""))
    out.print(x.reason)


def show_rules(out: Console, rules: Sequence[Rule]) -> None:
    table = Table(title=f"{len(rules)} rules", show_lines=True)
    for col in ("id", "area", "level", "message", "source"):
        table.add_column(col, overflow="fold")
    for r in rules:
        table.add_row(r.id, r.area, r.level, r.message, r.source)
    out.print(table)


