"""Roles: who may acknowledge, resolve, cancel, close, reject or reassign, and which tables
and rows each role may ask about.

Six roles: operator, team_lead, maintenance, quality, manager, admin. People get roles from
a roles file (`GEMBA_ROLES_FILE`, YAML) by platform user id, by group (a Slack user group
or DingTalk department an adapter puts in `Message.groups`) or by name; everyone may raise
andon calls and report problems. An admin may do anything. Without a roles file everyone is
a team lead, who by default may make every change: a plant trying Gemba (or the console's
sample plant) works as before until it writes the file.

Roles file::

    people:                      # platform user id, platform:id, or name:<display name>
      U024BE7LH: team_lead
      "dingtalk:manager4711": [quality, team_lead]
      "name:Li Wei": maintenance  # names: only where users cannot choose their own (console)
    groups:                      # Slack user group ids, DingTalk department ids
      S0614TZR7: maintenance
      "dingtalk:1123": quality
    default: operator            # the role of anyone not listed (default: operator)
    permissions:                 # optional: replaces the defaults below, per action
      problem.close: [owner, team_lead, manager]
    data:                        # optional: the only tables a role may ask about
      operator: [andon_calls, problems, lines, stations]
    rows:                        # optional: the only lines (by code) or areas a role may ask about
      operator: {lines: [L3, L4]}
      quality: {areas: [Welding]}

In `permissions`, besides the roles, `reporter` is whoever raised the call or reported the
problem, `owner` the problem's assignee and `everyone` anybody.

Under `rows`, a data question reads only the rows of `lines` with those codes (`lines.code`)
or in those areas (`lines.area`), and the rows of every table tied to them by foreign keys
(andon calls, stations, downtime…; see `nl2sql.scope`); tables with no line (shifts, SKUs)
are read whole. Every role under `rows` limits by the same one (lines or areas), so that a
person with several roles gets the union of their values; a person with any role not under
`rows` (or an admin) is not limited. A role limited in both `data` and `rows` must list
`lines` among its tables (the limit is read through it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.errors import BotError
from bot.services import Services
from bot.store.models import AndonCall, Problem
from bot.texts import register
from bot.types import Language, Message
from bot.yaml_files import parse_yaml
from nl2sql import RowScope

#: The web chat's platform name; its messages name people "<platform they signed in with>:<id>".
WEB = "web"
ROLES = ("operator", "team_lead", "maintenance", "quality", "manager", "admin")
_PSEUDO = ("reporter", "owner", "everyone")
#: What a `rows:` entry limits by: the table and column of the store's lines it names.
ROW_LIMITS: dict[str, tuple[str, str]] = {"lines": ("lines", "code"), "areas": ("lines", "area")}
_RESPONDERS = ("team_lead", "maintenance", "quality", "manager")
#: Who may take each action when the roles file does not say (an admin always may).
DEFAULT_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "andon.acknowledge": _RESPONDERS,
    "andon.resolve": _RESPONDERS,
    "andon.cancel": ("reporter", "team_lead", "manager"),
    "andon.escalate": ("everyone",),  # asking for help is never refused
    "problem.start": ("owner", *_RESPONDERS),
    "problem.resolve": ("owner", *_RESPONDERS),
    "problem.close": ("owner", "team_lead", "manager"),
    "problem.reject": ("team_lead", "quality", "manager"),
    "problem.assign": ("owner", "team_lead", "manager"),
    "problem.snooze": ("owner", "team_lead", "manager"),
}

register(
    {
        "not_allowed": ("Only {who} may {action} {ref}.", "只有{who}可以{action} {ref}。"),
        "roles_bad_file": ("The roles file {path} cannot be read: {why}", "无法读取角色文件 {path}：{why}"),
    }
)
# (English with its article, Chinese) for each role and pseudo-role.
_NAMES: dict[str, tuple[str, str]] = {
    "operator": ("an operator", "操作员"),
    "team_lead": ("a team lead", "班组长"),
    "maintenance": ("a maintenance technician", "维修人员"),
    "quality": ("a quality engineer", "质量工程师"),
    "manager": ("a manager", "经理"),
    "admin": ("an admin", "管理员"),
}
_VERBS: dict[str, tuple[str, str]] = {
    "acknowledge": ("acknowledge", "确认"),
    "resolve": ("resolve", "解决"),
    "cancel": ("cancel", "取消"),
    "escalate": ("escalate", "升级"),
    "start": ("start", "开始处理"),
    "close": ("close", "关闭"),
    "reject": ("reject", "驳回"),
    "assign": ("reassign", "指派"),
    "snooze": ("snooze", "推迟提醒"),
}


@dataclass(frozen=True)
class Roles:
    """Who has which roles, what each role may do, and which tables each may ask about.

    `people` and `groups` map lower-case keys (user ids, "platform:id", "name:<name>";
    group ids, "platform:group") to roles; `default` are the roles of everyone else;
    `data` maps a role to the only tables it may ask about (a role not in it: no limit);
    `rows` maps a role to what its rows are limited by (a key of `ROW_LIMITS`) and the values.
    """

    people: Mapping[str, frozenset[str]] = field(default_factory=dict)
    groups: Mapping[str, frozenset[str]] = field(default_factory=dict)
    default: frozenset[str] = frozenset({"team_lead"})
    permissions: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_PERMISSIONS))
    data: Mapping[str, frozenset[str]] = field(default_factory=dict)
    rows: Mapping[str, tuple[str, frozenset[str]]] = field(default_factory=dict)

    def of(self, message: Message) -> frozenset[str]:
        """The roles of the sender of `message`.

        >>> roles = Roles(people={"u1": frozenset({"quality"})}, groups={"s9": frozenset({"manager"})})
        >>> sorted(roles.of(Message("slack", "C1", "U1", "hi")))
        ['quality']
        >>> sorted(roles.of(Message("slack", "C1", "U2", "hi")))
        ['team_lead']
        >>> sorted(roles.of(Message("slack", "C1", "U2", "hi", groups=("S9",))))
        ['manager']
        >>> sorted(roles.of(Message("web", "C1", "slack:U1", "hi")))  # signed in to the web chat
        ['quality']
        """
        platform, user = message.platform.lower(), message.user
        if platform == WEB and ":" in user:  # the web chat names people "slack:U1", "dingtalk:…"
            origin, user = user.split(":", 1)
            platform = origin.lower()
        user_keys = [user, f"{platform}:{user}"]
        if message.user_name:
            user_keys.append(f"name:{message.user_name}")
        group_keys = [k for g in message.groups for k in (g, f"{platform}:{g}")]
        found: set[str] = set()
        for key in user_keys:
            found |= self.people.get(key.lower(), frozenset())
        for key in group_keys:
            found |= self.groups.get(key.lower(), frozenset())
        return frozenset(found) or self.default

    def check(
        self, message: Message, actor: str, record: AndonCall | Problem, action: str, *, ref: str
    ) -> None:
        """Raise `BotError("not_allowed")`, saying who may, unless the sender may take `action`
        on `record` (`actor` is the sender as records name people)."""
        kind = "andon" if isinstance(record, AndonCall) else "problem"
        allowed = self.permissions.get(f"{kind}.{action}", ("everyone",))
        roles = self.of(message)
        if "admin" in roles or "everyone" in allowed or roles & set(allowed):
            return
        people = {"reporter": _reporter(record), "owner": _owner(record)}
        if any(
            people[p] and people[p] in (actor, message.user) for p in ("reporter", "owner") if p in allowed
        ):
            return
        raise BotError("not_allowed", who=_Who(allowed, people), action=_Verb(action), ref=ref)

    def tables_for(self, message: Message) -> frozenset[str] | None:
        """The only tables the sender may ask about; None when no role of theirs is limited."""
        roles = self.of(message)
        if "admin" in roles or any(role not in self.data for role in roles):
            return None
        return frozenset().union(*(self.data[role] for role in roles))

    def scope_for(self, message: Message) -> RowScope | None:
        """The only rows the sender may ask about; None when some role of theirs is not limited.

        >>> rows = {"operator": ("lines", frozenset({"L3"})), "quality": ("lines", frozenset({"L4"}))}
        >>> roles = Roles(default=frozenset({"operator", "quality"}), rows=rows)
        >>> scope = roles.scope_for(Message("slack", "C", "U9", "x"))
        >>> scope is not None and (scope.table, scope.column, sorted(scope.values))
        ('lines', 'code', ['L3', 'L4'])
        """
        roles = self.of(message)
        if "admin" in roles or any(role not in self.rows for role in roles):
            return None
        kinds = {self.rows[role][0] for role in roles}
        if len(kinds) != 1:  # `parse_roles` refuses such a file; a hand-built one is a mistake
            raise ValueError(f"roles limited by different kinds of rows: {sorted(kinds)}")
        table, column = ROW_LIMITS[kinds.pop()]
        return RowScope(table, column, frozenset().union(*(self.rows[role][1] for role in roles)))


#: The roles when no roles file is set: everyone is a team lead.
EVERYONE_A_TEAM_LEAD = Roles()


def load_roles(path: str | Path | None) -> Roles:
    """The roles in the YAML file at `path` (see the module's docstring), or everyone a team
    lead when `path` is empty. Raises `BotError("roles_bad_file")` for a missing or bad file."""
    if not path:
        return EVERYONE_A_TEAM_LEAD
    try:
        return parse_roles(parse_yaml(Path(path).read_text(encoding="utf-8")) or {})
    except (OSError, yaml.YAMLError, ValueError, TypeError, AttributeError) as error:
        raise BotError("roles_bad_file", path=str(path), why=str(error)) from error


def parse_roles(data: dict[str, Any]) -> Roles:
    """Roles from the parsed YAML of a roles file. Raises ValueError for unknown roles or actions.

    >>> r = parse_roles({"people": {"U1": "quality"}, "data": {"operator": ["problems"]}})
    >>> sorted(r.people["u1"]), sorted(r.default), r.tables_for(Message("slack", "C", "U9", "x"))
    (['quality'], ['operator'], frozenset({'problems'}))
    """
    if not isinstance(data, dict):
        raise ValueError("the file must hold a mapping with 'people', 'groups', 'default', ...")
    unknown = set(data) - {"people", "groups", "default", "permissions", "data", "rows"}
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}")
    permissions = dict(DEFAULT_PERMISSIONS)
    for action, who in (data.get("permissions") or {}).items():
        if action not in DEFAULT_PERMISSIONS:
            raise ValueError(f"unknown action {action!r}; use {', '.join(DEFAULT_PERMISSIONS)}")
        permissions[action] = tuple(_names(who, (*ROLES, *_PSEUDO)))
    tables = {
        role: frozenset(str(t).lower() for t in tables)
        for role, tables in ((r, t) for r, t in (data.get("data") or {}).items() if _names(r, ROLES))
    }
    rows = _rows(data.get("rows") or {})
    for role, (kind, _values) in rows.items():
        table = ROW_LIMITS[kind][0]
        if role in tables and table not in tables[role]:
            raise ValueError(
                f"role {role!r} is limited by {kind} under 'rows', so its 'data' must list {table}"
            )
    return Roles(
        people={str(k).lower(): frozenset(_names(v, ROLES)) for k, v in (data.get("people") or {}).items()},
        groups={str(k).lower(): frozenset(_names(v, ROLES)) for k, v in (data.get("groups") or {}).items()},
        default=frozenset(_names(data.get("default") or "operator", ROLES)),
        permissions=permissions,
        data=tables,
        rows=rows,
    )


def _rows(section: object) -> dict[str, tuple[str, frozenset[str]]]:
    """The `rows:` section: role → (lines or areas, the values); ValueError when malformed."""
    if not isinstance(section, dict):
        raise ValueError("'rows' must map roles to {lines: [...]} or {areas: [...]}")
    rows: dict[str, tuple[str, frozenset[str]]] = {}
    for role, limit in section.items():
        (name,) = _names(role, ROLES)
        if not isinstance(limit, dict) or len(limit) != 1 or next(iter(limit)) not in ROW_LIMITS:
            raise ValueError(f"rows of {name!r}: write {{lines: [L3, L4]}} or {{areas: [Welding]}}")
        ((kind, values),) = limit.items()
        listed = values if isinstance(values, list) else [values]
        if not listed or any(v is None or isinstance(v, dict | list) or not str(v).strip() for v in listed):
            raise ValueError(f"rows of {name!r}: list the {kind} by name, e.g. {kind}: [L3]")
        rows[name] = (kind, frozenset(str(v).strip() for v in listed))
    if len({kind for kind, _values in rows.values()}) > 1:
        raise ValueError("'rows' limits every role by the same kind: all by lines, or all by areas")
    return rows


def _names(value: object, known: Iterable[str]) -> list[str]:
    names = [
        str(v).strip().lower().replace(" ", "_") for v in (value if isinstance(value, list) else [value])
    ]
    bad = [n for n in names if n not in known]
    if bad:
        raise ValueError(f"unknown role {bad[0]!r}; use {', '.join(known)}")
    return names


def _reporter(record: AndonCall | Problem) -> str | None:
    return record.raised_by if isinstance(record, AndonCall) else record.reporter


def _owner(record: AndonCall | Problem) -> str | None:
    return record.assignee if isinstance(record, Problem) else None


@dataclass(frozen=True)
class _Who:
    """Who may take an action, worded when the refusal is shown (in the user's language)."""

    allowed: tuple[str, ...]
    people: dict[str, str | None]

    def words(self, language: Language) -> str:
        zh = language == "zh"
        parts = []
        for name in self.allowed:
            if name in ("reporter", "owner"):
                person = self.people[name]
                if person:
                    label = {"reporter": ("the reporter", "报告人"), "owner": ("the owner", "负责人")}[name]
                    parts.append(f"{label[1]}（{person}）" if zh else f"{label[0]} ({person})")
            elif name in _NAMES:
                parts.append(_NAMES[name][1 if zh else 0])
        parts = parts or [_NAMES["admin"][1 if zh else 0]]
        if len(parts) == 1:
            return parts[0]
        return "、".join(parts[:-1]) + "或" + parts[-1] if zh else ", ".join(parts[:-1]) + " or " + parts[-1]


@dataclass(frozen=True)
class _Verb:
    action: str

    def words(self, language: Language) -> str:
        english, chinese = _VERBS.get(self.action, (self.action, self.action))
        return chinese if language == "zh" else english


def roles_of(services: Services) -> Roles:
    """The roles `services` were given, or everyone a team lead."""
    return services.roles or EVERYONE_A_TEAM_LEAD
