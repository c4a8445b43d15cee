"""Every attack proof prints one line of figures and fails on any leak (issue 8: "each reports
rejected share and leaks; leaks must be 0")."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Tally:
    """Attempts of one kind of attack: how many were tried, refused with a typed error, and leaked
    (accepted, crashed, wrote something, or showed what it must not). ``leaks`` keeps an example
    of each so a failure says what got through."""

    name: str
    tried: int = 0
    rejected: int = 0
    leaked: list[str] = field(default_factory=list)

    def refused(self) -> None:
        self.tried += 1
        self.rejected += 1

    def allowed(self) -> None:
        """An attempt that was meant to succeed (an access the matrix grants) and did."""
        self.tried += 1

    def leak(self, what: str) -> None:
        self.tried += 1
        self.leaked.append(what)

    def report(self) -> str:
        share = self.rejected / self.tried if self.tried else 0.0
        line = (f"[attack] {self.name}: tried {self.tried}, rejected {self.rejected} "
                f"({share:.1%}), leaks {len(self.leaked)}")
        print(line)
        return line

    def check(self) -> None:
        self.report()
        assert self.tried, f"{self.name}: nothing was tried"
        assert not self.leaked, f"{self.name}: {len(self.leaked)} leaks, e.g. {self.leaked[:5]}"
