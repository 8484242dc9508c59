"""Maven pom.xml: direct dependencies with literal or ${property} versions (parsed with defusedxml)."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree

from scanners.lockfiles.base import Dependency, LineIndex, ParseResult

_PROPERTY = re.compile(r"\$\{([^}]+)\}")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: Element | None, name: str) -> Element | None:
    if element is None:
        return None
    return next((c for c in element if _local(c.tag) == name), None)


def _text(element: Element | None, name: str) -> str:
    found = _child(element, name)
    return (found.text or "").strip() if found is not None else ""


def _properties(project: Element) -> dict[str, str]:
    props = {f"project.{key}": _text(project, key) for key in ("version", "groupId", "artifactId")}
    parent = _child(project, "parent")
    props["project.parent.version"] = _text(parent, "version")
    props["project.version"] = props["project.version"] or props["project.parent.version"]
    props.update({f"pom.{key[8:]}": value for key, value in props.items() if key.startswith("project.")})
    for prop in _child(project, "properties") or []:
        props[_local(prop.tag)] = (prop.text or "").strip()
    return props


def resolve(value: str, props: dict[str, str], depth: int = 0) -> str:
    """Substitute ${name} from the properties, following chains a few levels deep."""
    resolved = _PROPERTY.sub(lambda m: props.get(m.group(1), m.group(0)), value)
    return resolved if resolved == value or depth > 5 else resolve(resolved, props, depth + 1)


def parse_pom(path: Path, root: Path, rel: str) -> ParseResult:
    """Entity declarations and external references are refused by defusedxml (no XXE, no billion laughs)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    project = ElementTree.fromstring(text.encode("utf-8"))
    props = _properties(project)
    lines = LineIndex(text)
    result = ParseResult()
    cursor = 0
    sections = [
        _child(project, "dependencies"),
        _child(_child(project, "dependencyManagement"), "dependencies"),
    ]
    for section in sections:
        for dependency in section if section is not None else []:
            group, artifact = _text(dependency, "groupId"), _text(dependency, "artifactId")
            version = resolve(_text(dependency, "version"), props)
            line, cursor = lines.find(f"<artifactId>{artifact}</artifactId>", cursor)
            if not version or "${" in version or version[0] in "[(":
                result.notes.append(f"{rel}:{line}: {group}:{artifact} has no literal version, skipped")
                continue
            scope = _text(dependency, "scope")
            result.dependencies.append(
                Dependency(
                    "Maven",
                    f"{group}:{artifact}",
                    version,
                    rel,
                    line,
                    direct=scope not in ("test", "provided"),
                )
            )
    return result
