"""The structural pass: every piece of a programme's text with the frame it stands in.

Before any relation is read, each block is cut into segments and each segment gets its
`Frame`: the services it is about, the member municipalities it speaks for, the target
group, and the role slot its verbless bodies fill. Frames come from the headings above the
block (a service section, a target-group sub-heading, a municipality's chapter), from
lead-ins ("Yhteistyötahot:"), card fields ("Palvelu: …", "Kohderyhmä: …"), run-in headings
("Palvelutarpeen arviointi. Työttömien …"), table headers, and labels inside the block
("Vastuutaho: työnhakijat: X; muut: Y"), which `labels` reads. A segment is a `Block` of
its own (text and page offsets), so the later passes treat it like any block.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from extraction.labels import Field, Label, LabelInfo, LabelReader, LabelStack, Level
from extraction.legal_refs import find_legal_refs
from extraction.model import Role, ServiceKey, TargetGroup
from extraction.services import BESIDES, classify_heading, is_programme_monitoring, services_in_text
from extraction.slots import offer_slot, slot_of
from extraction.structure import EMPTY_CELLS, Block
from extraction.targets import header_target_of, target_of

# A run-in heading: a paragraph that opens with a service's bare name and a full stop.
RUN_IN = re.compile(r"^\s*(?P<name>[^\W\d][^.:;!?]{2,90}?)\.\s+(?=[A-ZÅÄÖ])")
MAX_RUN_IN_WORDS = 8
# Chapters that are not about services: what they say is read only where a sentence names
# its service. Headings of chapters that hold nothing to read for facts.
COOPERATION_HEADING = re.compile(r"yhteisty|samarbet|kumppan|verkosto|nätverk", re.IGNORECASE)
SKIP_HEADING = re.compile(
    r"\b(?:yhteystied|lyhente|lähte|sisällys|liitte|kontaktuppgift|förkortning|källor|innehåll"
    r"|bilag|hyväksy|godkän|seuranta\w*$|uppföljning$)", re.IGNORECASE)
ITEM_END = re.compile(r";\s+")
# The value of a "Service: who" entry is a short list of bodies, not running text.
MAX_ENTRY_WORDS = 16
APPENDIX = re.compile(r"^\s*(?:liite|liitteet|bilaga|bilagor|appendix)\b", re.IGNORECASE)
LanguageOf = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Frame:
    """What frames a segment. `codes` empty: every municipality the programme covers."""

    services: tuple[ServiceKey, ...] = ()
    codes: tuple[str, ...] = ()
    group: TargetGroup | None = None
    slot: Role | None = None
    specific: bool = False  # under a municipality's own label or chapter
    body: bool = False  # the segment opens with the body it is about ("Kela: …")
    lead: int | None = None  # the segment of a body's lead-in ("Työllisyysalue:") it stands under
    skip: bool = False  # a field that states no facts ("Lakiperuste:", "Kohderyhmä:")
    cooperation: bool = False  # a cooperation chapter: only sentences naming a service count
    table: bool = False  # a table cell
    entry: bool = False  # the value of a "Service: who" entry in its own block
    divided: bool = False  # under a flattened two-group header: each body's 3 § group
    language: str = "fi"


@dataclass(slots=True)
class Segment:
    """A piece of a block and its frame. `prefix` names the labels it stands under;
    `context` is the text of those that precede it in its own block ("Vastuutaho: muut: "),
    which a quote of its first sentence starts with."""

    block: Block
    frame: Frame
    source: int
    prefix: str = ""
    context: str = ""


# "Toimenpide 2.4 …" after "Toimenpide 2.3 …": a numbered run of headings that share a label
# word; one that names no service is the next of the run, not a sub-heading of the one before
NUMBERED_LABEL = re.compile(r"^([^\W\d]{3,})\s+\d{1,2}(?:\.\d{1,2})*\.?\s")


@dataclass(frozen=True, slots=True)
class _Heading:
    level: int
    services: tuple[ServiceKey, ...] = ()
    group: TargetGroup | None = None
    slot: Role | None = None
    codes: tuple[str, ...] = ()
    cooperation: bool = False
    skip: bool = False
    offer: bool = False  # "Kaupungissa on tarjolla myös muita palveluita": the list names providers
    strong: bool = False
    label: str | None = None  # "toimenpide" of "Toimenpide 2.3 …": the word its siblings start with


@dataclass
class _State:
    """What the blocks read so far frame the next one with."""

    headings: list[_Heading] = field(default_factory=list)
    lead: LabelStack = field(default_factory=LabelStack)  # a lead-in's labels ("Yhteistyötahot:")
    carried: LabelStack = field(default_factory=LabelStack)  # the previous block's labels
    carry_level: Level | None = None  # the level of the previous block's item labels
    card_services: tuple[ServiceKey, ...] = ()  # "Palvelu: …" or a run-in heading
    card_group: TargetGroup | None = None  # "Kohderyhmä: …"
    scope: LabelStack = field(default_factory=LabelStack)  # "Kemi: …" over the paragraphs after it
    ended_open: bool = False  # the previous block ended with ";", "," or ":"
    ended_colon: bool = False  # … with ":"
    lead_at: int | None = None  # the segment index of a body's lead-in in force
    # a flattened table's header: one header naming a group right after another naming the
    # other group, nothing between ("Työnhakijoiden palvelut tuottava taho:" / "Muiden …")
    header_group: TargetGroup | None = None
    divided: bool = False
    question: bool = False  # under a run's heading that names no service, before its first paragraph
    bilingual: bool = False  # the table in force gives each cell in Finnish, then " / " in Swedish


@dataclass
class Segmenter:
    """Cuts a document's blocks into framed segments."""

    reader: Callable[[str], LabelReader]  # language → label reader
    language_of: LanguageOf
    municipalities: Callable[[str], tuple[tuple[str, ...], bool]]
    finite_verb: Callable[..., bool]  # (text, *, ambiguous=False): see pipeline._finite_verb
    state: _State = field(default_factory=_State)
    out: list[Segment] = field(default_factory=list)

    def run(self, blocks: Sequence[Block]) -> list[Segment]:
        out: list[Segment] = []
        self.out = out
        header: list[tuple[Label | None, str]] | None = None
        for index, block in enumerate(blocks):
            if block.kind == "heading" and (self._field_heading(block) or (
                    self.state.divided and not block.strong and not self.state.header_group
                    and not self._row_label(block))):
                # a card's field, or a flattened table's cell that looks like a heading
                block = replace(block, kind="paragraph")
            if block.kind == "heading":
                self._heading(block)
                out.append(Segment(block, Frame(skip=True, language=self.language_of(block.text)), index))
                header = None
                continue
            if block.kind == "table_row":
                header, cells = self._table_row(index, block, header)
                out.extend(cells)
                continue
            header = None
            out.extend(self._block(index, block))
        return out

    # -- headings ----------------------------------------------------------------------
    def _heading(self, block: Block) -> None:
        state = self.state
        text = block.text
        language = self.language_of(text)
        services = tuple(classify_heading(text, [m.ref for m in find_legal_refs(text)], language))
        if APPENDIX.match(text):  # "Liite 1: Vastuutaulukko": a new top-level part
            block = replace(block, level=1, strong=True)
        codes, only = self.municipalities(text)
        heading = _Heading(
            level=block.level, services=services, group=header_target_of(text, language),
            slot=slot_of(text), codes=codes if only else (),
            cooperation=not services and bool(COOPERATION_HEADING.search(text)),
            skip=not services and bool(SKIP_HEADING.search(text) or is_programme_monitoring(text)),
            offer=offer_slot(text) is not None,
            strong=block.strong)
        label = NUMBERED_LABEL.match(text)
        heading = replace(heading, label=label.group(1).lower() if label else None)
        current = next((h for h in reversed(state.headings) if h.services), None)
        # "Toimenpide 1.3 …" after "Toimenpide 1.2 …": the next of a run, not a sub-heading
        sibling = bool(heading.label and current is not None and heading.label == current.label)
        if services and current is not None and set(services) <= set(current.services) and (
                block.level > current.level):
            heading = replace(heading, services=())  # repeats its section's service
        level = block.level
        if not services and not block.strong and current is not None and level <= current.level and not (
                heading.skip) and not sibling:
            # (a contacts or sources heading closes the service section instead)
            # a weak heading without a service ("Kivijoen kansanopisto", "Työnhakijat") is a
            # sub-heading of the service section it stands in, whatever its shape's level
            level = current.level + 1
        part = state.headings[-1] if state.headings else None
        if (part is not None and part.slot is not None and not services and heading.slot is None
                and not block.strong and level <= part.level):
            level = part.level + 1  # "C) Yhteistyö" holds over the sub-headings under it
        heading = replace(heading, level=level)
        if block.strong and not heading.group:
            state.divided = False
        self._header(heading.group)
        state.headings = [h for h in state.headings if h.level < level]
        state.headings.append(heading)
        state.lead = LabelStack()
        state.carried = LabelStack()
        state.carry_level = None
        state.scope = LabelStack()
        state.card_services, state.card_group = (), None
        state.ended_open = False
        # "Toimenpide 1.3 Monialainen aloitustiimi" in a run of measures whose other titles
        # name their services: the measure is about what its text opens with
        state.question = sibling and not services

    def _header(self, group: TargetGroup | None) -> None:
        """A heading or lead-in naming a group right after one naming the other group: a
        flattened table's two group columns."""
        state = self.state
        others = {TargetGroup.JOBSEEKERS: TargetGroup.OTHERS, TargetGroup.OTHERS: TargetGroup.JOBSEEKERS}
        if group is not None and state.header_group is not None and others.get(state.header_group) == group:
            state.divided = True
        state.header_group = group

    def _row_label(self, block: Block) -> bool:
        """In a flattened table a heading-shaped cell is a cell, except a column header
        naming a group, and a row label naming a service or the programme's monitoring."""
        language = self.language_of(block.text)
        return bool(header_target_of(block.text, language) or is_programme_monitoring(block.text)
                    or classify_heading(block.text, [], language))

    def _field_heading(self, block: Block) -> bool:
        """A short "Palvelu: …" or "Järjestämisvastuu: …" line looks like a heading, but it
        is a card's field: read it as one."""
        labels = self.reader(self.language_of(block.text)).find(block.text)
        return bool(labels) and labels[0].start == 0 and labels[0].info.level == Level.FIELD and (
            labels[-1].end < len(block.text.rstrip()))

    def _section(self) -> _Heading:
        """The headings in force, merged (the innermost says what it names)."""
        merged = _Heading(level=0)
        for h in self.state.headings:
            merged = replace(
                merged, services=h.services or merged.services, group=h.group or merged.group,
                slot=h.slot if h.slot is not None else merged.slot,
                codes=h.codes or merged.codes, cooperation=h.cooperation or merged.cooperation,
                skip=h.skip or merged.skip, offer=h.offer)
            if h.services:  # a new service section: what an outer heading framed ends
                merged = replace(merged, cooperation=False, skip=False)
        return merged

    # -- text blocks -------------------------------------------------------------------
    def _block(self, index: int, block: Block) -> list[Segment]:
        state = self.state
        language = self.language_of(block.text)
        labels = self.reader(language).find(block.text)
        text = block.text
        if state.question:
            # "Toimenpide 1.3 Monialainen aloitustiimi" then "… monialainen arviointi sekä
            # monialainen kotoutumissuunnitelma tehdään aloitustiimissä": the services its text opens with
            state.question = False
            first_sentence = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)[0]
            state.card_services = tuple(services_in_text(first_sentence, language))
        first = labels[0] if labels and labels[0].start <= _lead_space(text) else None
        if not (self._section().services or state.card_services or RUN_IN.match(text)
                or (block.kind == "paragraph" and _fused_label(text, language)[0]) or any(
                lb.info.services or lb.info.field == Field.SERVICE for lb in labels)):
            # outside the service sections the block stays whole: only sentences that name
            # their service are read there, and the metadata pass reads its labels itself
            state.lead, state.carried, state.scope = LabelStack(), LabelStack(), LabelStack()
            # "– Kajaani: kaupungin maahanmuuttajapalvelut tekee arvioinnit": a member's own line
            # still speaks for that member
            own = LabelStack((first,)) if first is not None and first.info.level == Level.MUNICIPALITY else (
                LabelStack())
            return [Segment(block, self._frame(own, language), index)]
        stack = self._start_stack(block, first)
        if first is None:
            start = self._run_in(block)
            cuts: list[tuple[int, LabelStack]] = [(start, stack)]
        else:
            cuts = [(0, stack)]
        for label in labels:
            stack = stack.push(label)
            cuts.append((label.end, stack))
            self._card_field(label.info, _value(text, label, labels), language)
        if first is not None and _only_labels(text, labels):
            self._header(stack.innermost("group"))  # type: ignore[arg-type]
            state.lead = stack  # "Yhteistyötahot:", "Vastuutahot kunnittain:": frames what follows
            state.carried, state.carry_level, state.ended_open, state.ended_colon = stack, None, True, True
            if labels[-1].info.body:  # "Kela:", "Työllisyysalue:": the passives under it are its
                state.lead_at = len(self.out)
                return [Segment(block, Frame(skip=True, language=language), index)]
            state.lead_at = None
            return []
        if first is not None and first.info.level == Level.MUNICIPALITY and not any(
                lb.info.level == Level.FIELD for lb in stack.labels[:-1]):
            state.scope = LabelStack((first,))  # "Kemi: …" holds over the paragraphs after it
        elif first is not None and first.info.level <= Level.MUNICIPALITY:
            state.scope = LabelStack()
        state.header_group = None
        out = []
        for number, (start, stack_here) in enumerate(cuts):
            end = cuts[number + 1][0] if number + 1 < len(cuts) else len(text)
            if number + 1 < len(cuts):
                end = _label_start(labels, cuts[number + 1][0], end)
            out.extend(self._items(index, block, start, end, stack_here, language, labels))
        state.carried = stack
        state.carry_level = labels[-1].info.level if labels and first is not None else None
        state.ended_open = text.rstrip().endswith((";", ",", ":"))
        state.ended_colon = text.rstrip().endswith(":")
        return out

    def _start_stack(self, block: Block, first: Label | None) -> LabelStack:
        """The labels a block starts under: a lead-in's, a list's it continues, or the
        municipality label of the paragraphs it follows."""
        state = self.state
        base = state.lead
        if first is not None and first.info.level > Level.FIELD and any(
                lb.info.level == Level.FIELD for lb in state.carried.labels) and (
                state.ended_open or state.carry_level == first.info.level):
            return state.carried.outer(first.info.level)  # "Kangasala: …;" after "Tuottaja: Tampere: …;"
        if first is None and state.ended_open and state.carried.labels and (
                state.ended_colon or block.kind == "list_item" or block.text[:1].islower()):
            return state.carried  # the text goes on from the previous block's last label
        if first is None and state.scope.labels and block.kind in ("paragraph", "list_item"):
            return LabelStack((*base.labels, *state.scope.labels))
        return base

    def _run_in(self, block: Block) -> int:
        """Where the text starts after a run-in heading: a service's bare name that opens the
        paragraph, closed by a full stop ("Palvelutarpeen arviointi. Työttömien …") or fused
        with the next sentence, as a flattened table's row label is ("Muu ohjaus ja neuvonta
        Työvoimaviranomainen neuvoo …"). Its services frame this and the following
        paragraphs; a new row also ends what a bare heading's municipality framed."""
        if block.kind != "paragraph":
            return 0
        language = self.language_of(block.text)
        match = RUN_IN.match(block.text)
        name, end = (match.group("name"), match.end()) if match else _fused_label(block.text, language)
        if not name:
            return 0
        services = services_in_text(name, language)
        if not services or len(name.split()) > MAX_RUN_IN_WORDS or self.finite_verb(name, ambiguous=True):
            return 0
        self.state.card_services = tuple(services)
        self.state.card_group = None
        self.state.headings = [h if h.strong else replace(h, codes=()) for h in self.state.headings]
        return end

    def _items(self, index: int, block: Block, start: int, end: int, stack: LabelStack,
               language: str, own: Sequence[Label] = ()) -> list[Segment]:
        """The segment(s) of one labelled stretch: split at ";" (list items)."""
        out = []
        text = block.text
        pieces = []
        position = start
        for match in ITEM_END.finditer(text, start, end):
            if _inside_brackets(text, match.start()):
                continue
            pieces.append((position, match.start() + 1))
            position = match.end()
        pieces.append((position, end))
        for a, b in pieces:
            a = a + len(text[a:b]) - len(text[a:b].lstrip())
            b = a + len(text[a:b].rstrip())
            body = stack.labels and stack.labels[-1].info.body
            if body:  # "Kela: etuusasiat": the body's name stays in the text that is read
                a = min(a, stack.labels[-1].start) if stack.labels[-1].end >= start - 2 else a
            if b <= a or not any(ch.isalpha() for ch in text[a:b]):
                continue
            here = [lb.start for lb in stack.labels if lb in own and lb.start <= a]
            context = text[min(here):a] if here else ""
            frame = self._frame(stack, language)
            if (stack.labels and stack.labels[-1] in own and len(text[a:b].split()) <= MAX_ENTRY_WORDS
                    and (stack.labels[-1].info.level == Level.SERVICE
                         or (stack.labels[-1].info.level == Level.GROUP and frame.services))):
                # "Kotoutumissuunnitelma: Kuhmon kaupunki"; under a service's heading
                # "Työnhakijat: Keski-Pohjanmaan työllisyysalue": who does it for that group
                frame = replace(frame, entry=True)
            if frame.slot is None and block.kind == "list_item" and self._section().offer:
                frame = replace(frame, slot=Role.PROVIDER)
            out.append(Segment(_piece(block, a, b), frame, index, stack.prefix, context))
        return out

    def _frame(self, stack: LabelStack, language: str, *, table: bool = False) -> Frame:
        section = self._section()
        state = self.state
        fields = {lb.info.field for lb in stack.labels}
        codes = stack.innermost("codes") or section.codes
        slot = stack.innermost("slot")
        return Frame(
            services=stack.innermost("services") or state.card_services or section.services,  # type: ignore[arg-type]
            codes=codes,  # type: ignore[arg-type]
            group=None if state.divided else (
                stack.innermost("group") or state.card_group or section.group),  # type: ignore[arg-type]
            divided=state.divided,
            slot=slot if slot is not None else section.slot if section.slot is not None else (
                Role.RESPONSIBLE if state.divided else None),  # type: ignore[arg-type]
            specific=bool(codes) or Field.SPECIFIC in fields,
            # "Kela: etuusasiat …": the labelled body's part; under a lead-in of its own
            # ("Työllisyysalue:") only the passives are the body's (`lead`)
            body=bool(stack.labels) and stack.labels[-1].info.body
            and stack.labels[-1] not in state.lead.labels,
            lead=state.lead_at if any(lb.info.body for lb in state.lead.labels) else None,
            skip=section.skip or bool(fields & {Field.SKIP, Field.SERVICE, Field.GROUP}),
            cooperation=section.cooperation, table=table, language=language)

    # -- tables ------------------------------------------------------------------------
    def _table_row(self, index: int, block: Block, header: list | None) -> tuple[list | None, list[Segment]]:
        """A table row: the header's cells frame the columns; a row's first cell names its
        services, municipality or group; every other cell is a segment."""
        cells = _cells(block.text)
        pairs = [_pair(text) for _a, _b, text in cells]
        if header is None:
            # "Työnhakijat / Arbetssökande | Muut / Övriga": a table in two languages, each
            # cell its Finnish words then their Swedish translation; read the first half
            self.state.bilingual = sum(p is not None and self._translated(*p) for p in pairs) >= max(
                2, len(cells) - 1)
        if self.state.bilingual:
            cells = [(a, a + len(p[0]), p[0]) if p is not None else (a, b, t)
                     for (a, b, t), p in zip(cells, pairs, strict=True)]
        language = self.language_of(" ".join(text for _a, _b, text in cells))
        reader = self.reader(language)
        infos = [reader.read(text) for _a, _b, text in cells]
        if header is None and len(cells) >= 2 and all(i is not None and i.slot is not None for i in infos):
            # "Ansvarig | Samarbetspartner": every column a role, no column of row labels
            return [(i, t) for i, (_a, _b, t) in zip(infos, cells, strict=True)], []
        slot_columns = bool(header) and header[0][0] is not None and header[0][0].slot is not None
        if slot_columns:
            return header, self._slot_cells(index, block, cells, header, language)
        first_info = infos[0] if cells else None
        row_services = tuple(classify_heading(cells[0][2], [m.ref for m in find_legal_refs(cells[0][2])],
                                              language)) if cells else ()
        labelled = sum(1 for i in infos[1:] if i is not None and (i.group or i.slot or i.codes))
        # services as columns, members or groups as rows ("Kunta | Osaamisen … arviointi |
        # Kotoutumissuunnitelma | …"): a header when it names two services or more
        if header is None and sum(1 for i in infos[1:] if i is not None and i.services) >= 2:
            labelled = max(labelled, 1)
        # a row headed by a group ("Muut | Sysmän kunta | …"), or under a header by a role
        # ("Toteuttaa | ostopalvelu Kotkan kaupungilta | …"), is data even where a cell names
        # a municipality or a role; under a header, a new header labels most of its cells
        data_row = first_info is not None and (first_info.group is not None or (
            header is not None and first_info.slot is not None))
        is_header = not row_services and not data_row and labelled >= (
            1 if header is None else max(1, (len(infos) - 1 + 1) // 2))
        if header is None and not row_services and len(cells) == 2 and first_info is not None:
            if first_info.field in (Field.SERVICE, Field.GROUP):  # "Palvelu | Kotoutumiskoulutus"
                self._card_field(first_info, cells[1][2], language)
                return None, []
            if first_info.slot is not None or data_row:
                return None, self._field_row(index, block, cells, first_info, language)
        if is_header or (header is None and not row_services):
            columns = [(i, t) for i, (_a, _b, t) in zip(infos, cells, strict=True)]
            return (columns if is_header else None), []
        out = []
        section = self._section()
        for column, (a, b, text) in enumerate(cells):
            if column == 0 or text.strip() in EMPTY_CELLS:
                continue
            info = header[column][0] if header and column < len(header) else None
            row = LabelStack()
            if first_info is not None and not row_services:
                row = row.push(Label(0, 0, cells[0][2], first_info))
            labels = list(row.labels)
            if info is not None:
                labels.append(Label(0, 0, header[column][1], info))  # type: ignore[index]
            stack = LabelStack(tuple(labels))
            frame = self._frame(stack, language, table=True)
            if row_services:
                frame = replace(frame, services=row_services)
            if frame.slot is None and (frame.group is not None or frame.codes):
                frame = replace(frame, slot=Role.RESPONSIBLE)  # a group's or member's column
            frame = _skipped_outside_services(frame, section)
            out.append(Segment(_piece(block, a, b), frame, index, stack.prefix))
        return header, out

    def _slot_cells(self, index: int, block: Block, cells: list[tuple[int, int, str]], header: list,
                    language: str) -> list[Segment]:
        """A row of a table whose columns are roles ("Ansvarig | Samarbetspartner"): each cell
        framed by its column's role, and inside it by the groups its lines name
        ("Arbetssökande: X" / "Övriga: Y")."""
        section = self._section()
        reader = self.reader(language)
        out = []
        for column, (a, _b, text) in enumerate(cells):
            if text.strip() in EMPTY_CELLS or column >= len(header):
                continue
            info, label_text = header[column]
            base = LabelStack((Label(0, 0, label_text, info),)) if info is not None else LabelStack()
            # a cell's lines run together in its text: a group's lead word opens each
            # (label start, text start, frame) of each part of the cell
            parts: list[tuple[int, int, LabelStack]] = [(0, 0, base)]
            for lead in CELL_LEAD.finditer(text):
                lead_info = reader.read(lead.group(1))
                if lead_info is not None and lead_info.group is not None and lead_info.slot is None:
                    label = Label(lead.start(), lead.end(), lead.group(1), lead_info)
                    parts.append((lead.start(), lead.end(), base.push(label)))
            ends = [label_start for label_start, _start, _stack in parts[1:]] + [len(text)]
            for (_label_start, start, stack), end in zip(parts, ends, strict=True):
                if not text[start:end].strip():
                    continue
                frame = self._frame(stack, language, table=True)
                frame = _skipped_outside_services(frame, section)
                out.append(Segment(_piece(block, a + start, a + end), frame, index, stack.prefix))
        return out

    def _translated(self, finnish: str, swedish: str) -> bool:
        """Whether two labels say the same, one in Finnish and one in Swedish ("Muut / Övriga")."""
        def said(info: LabelInfo | None) -> tuple | None:
            return info and (info.group, info.slot, info.services, info.field)
        told = said(self.reader("fi").read(finnish))
        return bool(told) and told == said(self.reader("sv").read(swedish))

    def _card_field(self, info: LabelInfo, value: str, language: str) -> None:
        """A card's service or target-group field ("Palvelu: …", "Kohderyhmä | …") frames
        the fields after it."""
        state = self.state
        if info.field == Field.SERVICE:
            state.card_services = tuple(classify_heading(value, [m.ref for m in find_legal_refs(value)],
                                                         language))
            state.card_group = header_target_of(value, language) or state.card_group
        elif info.field == Field.GROUP:
            state.card_group = target_of(value, language)

    def _field_row(self, index: int, block: Block, cells: list[tuple[int, int, str]], info: LabelInfo,
                   language: str) -> list[Segment]:
        """A row of a two-column table of fields under a service's heading ("Järjestäjä
        (työnhakijat) | Suupohjan työllisyysalue", "Yhteistyö | Kela"): the value, framed by
        its label as a "Label: value" line would be."""
        a, b, text = cells[1]
        if text.strip() in EMPTY_CELLS:
            return []
        stack = LabelStack((Label(0, 0, cells[0][2], info),))
        frame = self._frame(stack, language, table=True)
        if frame.slot is None and frame.group is not None:
            frame = replace(frame, slot=Role.RESPONSIBLE)  # "Työnhakijat | X": the group's body
        frame = _skipped_outside_services(frame, self._section())
        return [Segment(_piece(block, a, b), frame, index, stack.prefix)]


WORD = re.compile(r"\S+")


# a title does not end on a postposition ("Kotoutumiskoulutuksen lisäksi …": besides it)
POSTPOSITIONS = frozenset({*BESIDES, "jälkeen", "aikana", "yhteydessä", "osalta", "kanssa"})


def _fused_label(text: str, language: str) -> tuple[str, int]:
    """("Muu ohjaus ja neuvonta", offset of "Työvoimaviranomainen") for a paragraph that opens
    with a service's name run into a capitalised sentence; ("", 0) otherwise."""
    words = list(WORD.finditer(text))
    for k in range(1, min(MAX_RUN_IN_WORDS, len(words) - 1) + 1):
        prefix = text[:words[k - 1].end()]
        following = words[k].group()
        if re.search(r"[.:;!?,]", prefix):
            return "", 0
        if words[k - 1].group().lower() in POSTPOSITIONS:
            return "", 0  # "Kotoutumiskoulutuksen lisäksi Vaasa-opisto …": besides it, no title
        if following[:1].isupper() and services_in_text(prefix, language):
            return prefix, words[k].start()
    return "", 0


def _only_labels(text: str, labels: Sequence[Label]) -> bool:
    """A lead-in: the block is nothing but labels ("Yhteistyötahot:", "Vastuutaho: Muut:")."""
    position = _lead_space(text)
    for label in labels:
        if text[position:label.start].strip():
            return False
        position = label.end
    return not text[position:].strip()


# Between a table row's cells (" | "); an empty first or last cell leaves the bar at an end
# of the row ("| Työnhakijat | Muut", "Kaupunki |").
CELL_BAR = re.compile(r"(?:^|(?<=\s))\|(?=\s|$)")


PAIR = re.compile(r"\s+/\s+")


def _pair(text: str) -> tuple[str, str] | None:
    """("Työllisyysalue", "Sysselsättningsområdet") for a cell "Työllisyysalue /
    Sysselsättningsområdet": two halves around one spaced slash."""
    parts = PAIR.split(text)
    return (parts[0], parts[1]) if len(parts) == 2 and all(parts) else None


def _skipped_outside_services(frame: Frame, section: _Heading) -> Frame:
    """A table cell outside any service, or in a section that states no facts, is not read."""
    return replace(frame, skip=frame.skip or not frame.services or section.skip)


# "Arbetssökande: X Övriga: Y": a lead word and its colon inside a table cell
CELL_LEAD = re.compile(r"(?:^|(?<=\s))([A-ZÅÄÖ][\w-]*):\s")


def _cells(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each cell of a table row, empty cells included."""
    out = []
    position = 0
    for bar in [*CELL_BAR.finditer(text), None]:
        end = bar.start() if bar is not None else len(text)
        part = text[position:end]
        start = position + len(part) - len(part.lstrip())
        out.append((start, max(start, position + len(part.rstrip())), part.strip()))
        if bar is not None:
            position = bar.end()
    return out


def _value(text: str, label: Label, labels: Sequence[Label]) -> str:
    """The text of a field after its label, up to the next label."""
    following = [lb.start for lb in labels if lb.start > label.start]
    return text[label.end:min(following) if following else len(text)]


def _label_start(labels: Sequence[Label], end_of_label: int, default: int) -> int:
    for label in labels:
        if label.end == end_of_label:
            return label.start
    return default


def _lead_space(text: str) -> int:
    from extraction.labels import LIST_MARK

    match = LIST_MARK.match(text)
    return match.end() if match else 0


def _inside_brackets(text: str, position: int) -> bool:
    before = text[:position]
    return before.count("(") > before.count(")")


def _piece(block: Block, start: int, end: int) -> Block:
    return Block(kind=block.kind, text=block.text[start:end], page=block.page, level=block.level,
                 strong=block.strong, start=block.start + start, end=block.start + end)
