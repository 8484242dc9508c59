"""Project resources: list, create, read with statistics, partial update, delete, audit history."""

from __future__ import annotations

import math
import re
import uuid

import falcon

from api import schemas
from api.consistency import ReadYourWrites
from api.envelope import iso, ok
from api.history import AS_OF, as_of_param, project_as_of
from api.query import page_and_size, page_request, reject_unknown_params, text_filter
from api.representations import project_from_aggregate, project_from_row, project_statistics
from api.request_body import read_json
from commands.projects import Projects
from commands.time_travel import TimeTravel
from domain.errors import BadRequest, NotFound
from projections.projects import PROJECT_SORTS, ProjectsView

_IF_MATCH = re.compile(r'^(?:W/)?"?(\d+)"?$')


def expected_version(req: falcon.Request) -> int | None:
    """The version named by If-Match (as our ETag "N"), or None when the header is absent or *."""
    raw = req.get_header("If-Match")
    if raw is None or raw.strip() == "*":
        return None
    match = _IF_MATCH.match(raw.strip())
    if not match:
        raise BadRequest("If-Match must be an ETag this API returned", {"If-Match": 'must look like "3"'})
    return int(match.group(1))


def _etag(resp: falcon.Response, version: int) -> None:
    resp.set_header("ETag", f'"{version}"')


class ProjectsResource:
    def __init__(
        self, projects: Projects, view: ProjectsView, consistency: ReadYourWrites, max_json: int
    ) -> None:
        self._projects = projects
        self._view = view
        self._consistency = consistency
        self._max = max_json

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        request = page_request(req, PROJECT_SORTS, "-created_at", filters=("q",))
        page = self._view.list_for_owner(req.context.principal.user_id, request, text_filter(req, "q"))
        ok(resp, page.as_dict([project_from_row(row) for row in page.items]), "Projects")

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = read_json(req, schemas.PROJECT_CREATE, self._max)
        principal = req.context.principal
        written = self._projects.create(
            principal.user_id,
            principal.actor,
            body["name"],
            body.get("repository_url"),
            body.get("description", ""),
            body.get("default_branch"),
            body.get("rules_path"),
            body.get("disabled_rules"),
        )
        self._consistency.wait(written.position)
        _etag(resp, written.value.version)
        resp.location = f"{req.path}/{written.value.id}"
        ok(resp, project_from_aggregate(written.value), "Project created", 201)


class ProjectResource:
    def __init__(
        self,
        projects: Projects,
        view: ProjectsView,
        consistency: ReadYourWrites,
        max_json: int,
        time_travel: TimeTravel | None = None,
    ) -> None:
        self._projects = projects
        self._view = view
        self._consistency = consistency
        self._max = max_json
        self._time_travel = time_travel

    def on_get(self, req: falcon.Request, resp: falcon.Response, project_id: uuid.UUID) -> None:
        reject_unknown_params(req, (AS_OF,) if self._time_travel else ())
        moment = as_of_param(req)
        if moment is not None and self._time_travel is not None:
            data = project_as_of(self._time_travel, req.context.principal.user_id, project_id, moment)
            ok(resp, data, "Project as of " + data[AS_OF])
            return
        row = self._view.get_for_owner(req.context.principal.user_id, project_id)
        if row is None:
            raise NotFound("project not found")
        data = project_from_row(row)
        data["statistics"] = project_statistics(row)
        _etag(resp, row["version"])
        ok(resp, data, "Project")

    def on_put(self, req: falcon.Request, resp: falcon.Response, project_id: uuid.UUID) -> None:
        body = read_json(req, schemas.PROJECT_UPDATE, self._max)
        principal = req.context.principal
        written = self._projects.update(
            principal.user_id, project_id, principal.actor, body, expected_version(req)
        )
        self._consistency.wait(written.position)
        _etag(resp, written.value.version)
        ok(resp, project_from_aggregate(written.value), "Project updated")

    def on_delete(self, req: falcon.Request, resp: falcon.Response, project_id: uuid.UUID) -> None:
        principal = req.context.principal
        written = self._projects.delete(principal.user_id, project_id, principal.actor, expected_version(req))
        self._consistency.wait(written.position)
        ok(resp, {"id": str(project_id), "deleted": True}, "Project deleted")


class ProjectHistoryResource:
    def __init__(self, projects: Projects) -> None:
        self._projects = projects

    def on_get(self, req: falcon.Request, resp: falcon.Response, project_id: uuid.UUID) -> None:
        page, per_page = page_and_size(req)
        entries = self._projects.history(req.context.principal.user_id, project_id)
        chosen = entries[(page - 1) * per_page : page * per_page]
        items = [
            {"version": e.version, "type": e.type, "at": iso(e.at), "actor": e.actor, "changes": e.changes}
            for e in chosen
        ]
        pagination = {
            "page": page,
            "per_page": per_page,
            "total": len(entries),
            "total_pages": math.ceil(len(entries) / per_page),
            "next_cursor": None,
        }
        ok(resp, {"items": items, "pagination": pagination}, "Project history")
