"""Corpus-level entity resolution: incremental, deterministic, no storage of its own.

Each article's clusters are merged into existing entities or create new ones. People match
on surname plus a compatible given name (transliterations via Jaro-Winkler, middle initials
and honorifics ignored); a surname-only cluster joins the one person of that surname already
known, or the one sharing a role, or the one whose articles name the same other entities
(the article's "Reid" beside Tara Reid's publicist is Tara Reid, not Harry Reid), and otherwise
stays apart rather than guess. Other entities match on their normalised name, with the small
abbreviation table of ``names``; a name tagged ORG in one article and PERSON in another stays
two entities ("Harry Winston" the jeweller is no person, though the model says so at times).
Ids come from the label and name of the cluster that created the entity and never change
afterwards; the display name and label follow later evidence.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .names import (
    PersonName,
    canonical_org,
    fold,
    group_key,
    org_key,
    parse_person,
    person_tokens,
    same_person,
    slug,
)
from .records import ArticleAnalysis, Entity, EntityCluster, RoleSeen

PERSON = "PERSON"
STATE_VERSION = 1
CONTEXT_MAX_ARTICLES = 1000  # co-named entities in more articles say nothing about a surname
CONTEXT_MARGIN = 2.0  # the person a lone surname is taken for must share this much more context


def _lone_surname(cluster: EntityCluster) -> bool:
    person = parse_person(cluster.name) if cluster.label == PERSON else None
    return person is not None and not person.full


class EntityResolver:
    """Holds the corpus entities; ``add`` folds one article in and returns its id mapping."""

    def __init__(self) -> None:
        self._entities: dict[str, Entity] = {}
        self._by_surname: dict[str, list[str]] = {}
        self._by_key: dict[str, str] = {}
        # per entity, the set of its article ids: membership tests stay O(1) as entities grow
        self._articles: dict[str, set[str]] = {}
        self._role_articles: dict[tuple[str, str], set[str]] = {}  # (entity id, role key): article ids

    # ---- public API -------------------------------------------------------------------
    def add(
        self, article_id: str, analysis: ArticleAnalysis, published: str | None = None
    ) -> dict[str, str]:
        """Merge the article's clusters; returns {cluster key: entity id} and writes the ids
        onto the analysis (``ArticleAnalysis.assign_ids``)."""
        published = published or analysis.published
        mapping: dict[str, str] = {}
        # surname-only people last: the article's other entities tell which "Reid" it means
        lone = [c for c in analysis.entities if _lone_surname(c)]
        for cluster in [c for c in analysis.entities if not _lone_surname(c)] + lone:
            entity = self._match(cluster, context=set(mapping.values())) or self._create(cluster)
            self._merge(entity, cluster, article_id, published)
            mapping[cluster.key] = entity.id
        analysis.assign_ids(mapping)
        return mapping

    def entities(self) -> list[Entity]:
        return list(self._entities.values())

    def get(self, entity_id: str) -> Entity | None:
        return self._entities.get(entity_id)

    def find(self, name: str) -> list[Entity]:
        """Entities a user-typed name refers to: an alias, an id, or a compatible person name,
        most-mentioned first."""
        needle = fold(name).strip()
        hits = [
            e
            for e in self._entities.values()
            if e.id == name or needle in (fold(a) for a in [e.name, *e.aliases])
        ]
        person = parse_person(name)
        if not hits and person is not None:
            hits = [
                self._entities[i]
                for i in self._by_surname.get(person.surname, [])
                if any(same_person(person, v) for v in self._variants(self._entities[i]))
            ]
        if not hits:
            entity_id = self._by_key.get(org_key(canonical_org(name)))
            hits = [self._entities[entity_id]] if entity_id else []
        return sorted(hits, key=lambda e: -len(e.article_ids))

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "entities": [
                {**e.to_dict(), "name_counts": e.name_counts, "label_counts": e.label_counts}
                for e in self._entities.values()
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EntityResolver:
        resolver = cls()
        for d in data.get("entities", []):
            entity = Entity(
                id=d["id"],
                name=d["name"],
                label=d["label"],
                aliases=list(d.get("aliases", [])),
                roles=[RoleSeen(**r) for r in d.get("roles", [])],
                article_ids=list(d.get("article_ids", [])),
                name_counts=dict(d.get("name_counts", {})),
                label_counts=dict(d.get("label_counts", {})),
            )
            resolver._entities[entity.id] = entity
            resolver._articles[entity.id] = set(entity.article_ids)
            resolver._index(entity)
        return resolver

    # ---- matching ---------------------------------------------------------------------
    def _variants(self, entity: Entity) -> list[PersonName]:
        names = [parse_person(n) for n in [entity.name, *entity.name_counts, *entity.aliases]]
        return [n for n in names if n is not None]

    def _index(self, entity: Entity) -> None:
        if entity.label == PERSON or entity.label_counts.get(PERSON):
            for v in self._variants(entity):
                ids = self._by_surname.setdefault(v.surname, [])
                if entity.id not in ids:
                    ids.append(entity.id)
        if entity.label != PERSON:
            for name in [entity.name, *entity.name_counts]:
                self._by_key.setdefault(org_key(name), entity.id)
                self._by_key.setdefault(group_key(name, entity.label), entity.id)

    def _match(self, cluster: EntityCluster, context: set[str] | None = None) -> Entity | None:
        if cluster.label == PERSON:
            person = parse_person(cluster.name)
            if person is None:
                return None
            found = self._match_person(cluster, person, context or set())
            if found is None and not person.full:
                # "Kremlin" tagged PERSON in one article: a known organisation of that name
                entity_id = self._by_key.get(org_key(cluster.name))
                found = self._entities.get(entity_id) if entity_id else None
            return found
        entity_id = self._by_key.get(org_key(cluster.name)) or self._by_key.get(group_key(cluster.name, cluster.label))
        if entity_id is not None:
            return self._entities[entity_id]
        words = person_tokens(cluster.name)
        if len(words) == 1 and cluster.label in ("ORG", "NORP"):
            # "Zakharova" tagged ORG with no full name in the article: a known person only
            person = parse_person(cluster.name)
            if person is not None:
                people = self._people(person.surname)
                if len(people) == 1:
                    return people[0]
        return None

    def _people(self, surname: str) -> list[Entity]:
        return [
            self._entities[i]
            for i in self._by_surname.get(surname, [])
            if self._entities[i].label == PERSON
        ]

    def _match_person(self, cluster: EntityCluster, person: PersonName, context: set[str]) -> Entity | None:
        people = self._people(person.surname)
        if not people:
            return None
        if person.full:
            compatible = []
            for e in people:
                full = [v for v in self._variants(e) if v.full]
                if not full or any(same_person(person, v) for v in full):
                    compatible.append((bool(full), len(e.article_ids), e))
            if not compatible:
                return None
            # an entity known by full name beats a surname-only one, then the most reported
            return max(compatible, key=lambda x: (x[0], x[1]))[2]
        if len(people) == 1:
            return people[0]
        roles = {r.lower() for r in cluster.roles}
        shared = [e for e in people if roles & {r.role.lower() for r in e.roles}]
        if len(shared) == 1:
            return shared[0]
        by_context = self._by_context(people, context)
        if by_context is not None:
            return by_context
        surname_only = [e for e in people if not any(v.full for v in self._variants(e))]
        return surname_only[0] if surname_only else None

    def _by_context(self, people: list[Entity], context: set[str]) -> Entity | None:
        """The one of ``people`` whose articles name the article's other entities far more
        often than the others' do ("Bush" beside "Saints" and "Superdome" is Reggie Bush).
        Each co-named entity counts by the share of its articles it shares with the person, so
        a rare name weighs more than "United States"; entities in very many articles say
        nothing and are skipped (which also bounds the work)."""
        shared: list[tuple[float, Entity]] = []
        for person in people:
            articles = self._articles.get(person.id, set())
            score = 0.0
            for entity_id in context - {person.id}:
                others = self._articles.get(entity_id, set())
                if 0 < len(others) <= CONTEXT_MAX_ARTICLES:
                    score += len(articles & others) / len(others)
            shared.append((score, person))
        shared.sort(key=lambda item: -item[0])
        best = shared[0][0]
        runner_up = shared[1][0] if len(shared) > 1 else 0.0
        return shared[0][1] if best > 0 and best >= CONTEXT_MARGIN * runner_up else None

    # ---- updating ---------------------------------------------------------------------
    def _create(self, cluster: EntityCluster) -> Entity:
        base = f"{cluster.label.lower()}:{slug(cluster.name)}"
        entity_id, n = base, 2
        while entity_id in self._entities:
            entity_id, n = f"{base}-{n}", n + 1
        entity = Entity(id=entity_id, name=cluster.name, label=cluster.label)
        self._entities[entity_id] = entity
        return entity

    def _merge(
        self, entity: Entity, cluster: EntityCluster, article_id: str, published: str | None
    ) -> None:
        articles = self._articles.setdefault(entity.id, set())
        new_article = article_id not in articles
        if new_article:
            articles.add(article_id)
            entity.article_ids.append(article_id)
            entity.name_counts[cluster.name] = entity.name_counts.get(cluster.name, 0) + 1
            entity.label_counts[cluster.label] = entity.label_counts.get(cluster.label, 0) + 1
        for alias in [cluster.name, *cluster.aliases]:
            if alias not in entity.aliases:
                entity.aliases.append(alias)
        for role in cluster.roles:
            self._add_role(entity, role, article_id, published)
        entity.label = Counter(entity.label_counts).most_common(1)[0][0]
        entity.name = self._display_name(entity)
        self._index(entity)

    def _add_role(self, entity: Entity, role: str, article_id: str, published: str | None) -> None:
        key = " ".join(fold(role).split())
        seen = next((r for r in entity.roles if " ".join(fold(r.role).split()) == key), None)
        if seen is None:
            seen = RoleSeen(role=role)
            entity.roles.append(seen)
        articles = self._role_articles.get((entity.id, key))
        if articles is None:
            articles = self._role_articles[(entity.id, key)] = set(seen.article_ids)
        if article_id not in articles:
            articles.add(article_id)
            seen.article_ids.append(article_id)
        if published:
            day = published[:10]
            seen.first_seen = min(filter(None, [seen.first_seen, day]))
            seen.last_seen = max(filter(None, [seen.last_seen, day]))

    @staticmethod
    def _display_name(entity: Entity) -> str:
        counts = entity.name_counts
        if entity.label != PERSON:
            return max(counts, key=lambda n: (counts[n], -list(counts).index(n)))

        def score(n: str) -> tuple[int, int, int]:
            p = parse_person(n)
            return (int(bool(p and p.full)), counts[n], -list(counts).index(n))

        return max(counts, key=score)
