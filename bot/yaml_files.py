"""Reading the YAML files an installation configures (roles, escalation matrix, checklists,
audit rounds, safety topics), some of them at every start.

libyaml's parser reads them about eight times faster than PyYAML's pure-Python one (the
shipped 5S checklists: 1 ms instead of 8); PyYAML is used where libyaml is not installed.
"""

from __future__ import annotations

from typing import Any

import yaml

#: Loads only plain data (`safe_load`'s loader), in C when libyaml is there.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """The data in YAML `text`; raises `yaml.YAMLError` when it is malformed.

    >>> parse_yaml("levels: [{after: 5, role: team lead}]")
    {'levels': [{'after': 5, 'role': 'team lead'}]}
    """
    return yaml.load(text, Loader=_LOADER)
