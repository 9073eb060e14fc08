"""The profile's fields, declared once, as data.

The profile validator, the policy validator (which checks that rules name real fields), the
command-line flags, completion and the `init` template all read these tables. Each field
carries its bilingual description (`help`), and a choice field the label of each value.

`BUILTIN` is ipcalc's own schema; a policy folder's vocabulary may extend it with fields and
list sections of its own (`Schema.extended`), and everything that reads a profile takes the
schema of the library it works with (`Vocabulary.schema`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .i18n import Text
from .record import Record

APPLICANT_KINDS = ("enterprise", "park", "university", "school", "agency", "institute", "individual")

# Field types.
TEXT = "text"
REGION = "region"
CHOICE = "choice"
DATE = "date"
BOOL = "bool"
COUNT = "count"  # a whole number >= 0
MONEY = "money"  # yuan, >= 0
FRACTION = "fraction"  # a rate or share in [0, 1]
TITLE = "title"
LEVEL = "level"
AWARD = "award"

#: names a policy folder may not give its own fields or sections: the options of `estimate`
#: the options of ipcalc's commands, by flag (`--format`): no declared fact may take one
OPTION_FLAGS = frozenset(
    """all bom explain force format help install-completion jobs lang lpr on output policies policy
    quiet reading recursive save show-completion summary unit version""".split()
)
#: names no declared field or section may have: the commands' own parameters and inputs,
#: and names of ipcalc's internals (Python keywords are refused too: see `reserved`)
RESERVED = frozenset(
    """profile profiles format policy policies lang unit explain save lpr help reading version bom
    cases every folder force install_completion jobs on output path paths policy_id quiet recursive
    shell show_completion summary all ctx run values facts schema region_of""".split()
)


def reserved(name: str) -> bool:
    """Whether a declared field or section may not be called `name`."""
    import keyword

    return name in RESERVED or keyword.iskeyword(name) or keyword.issoftkeyword(name)


def flags_taken(known: Schema) -> frozenset[str]:
    """Every flag (without `--`) the commands have with these facts: the options', each
    field's (and its `--no-` form), each section's."""
    found = set(OPTION_FLAGS)
    for name, fdef in known.scalars.items():
        flag = name.replace("_", "-")
        found.update((flag, f"no-{flag}"))
        if fdef.off_flag:
            found.add(fdef.off_flag)
    found.update(info.flag for info in known.sections.values())
    return frozenset(found)


#: the types a policy folder may give its own fields, and the type each means here
DECLARABLE = {"count": COUNT, "money": MONEY, "rate": FRACTION, "date": DATE, "bool": BOOL, "choice": CHOICE, "text": TEXT}

NO_MONEY = Decimal(0)
EMPTY: Mapping[str, Any] = {}

#: ISO 3166-1 alpha-2 codes, and EP (a European patent), for `patents[].country`
COUNTRIES = tuple(
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT
    BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER
    ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID
    IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV
    LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR
    NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL
    SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC
    VE VG VI VN VU WF WS YE YT ZA ZM ZW EP""".split()
)


#: the roles a field may have for `ipcalc opportunities` (a field declared by a policy folder
#: may say its `role`)
ROLES = ("cost", "later", "sequence")


class Field(Record):
    type: str
    default: object = None
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: int = 0
    maximum: int | None = None
    help: Text = Text("", "")
    #: a choice field: the label of each value
    choice_labels: Mapping[str, Text] = EMPTY
    #: a bool field's flag to turn it off, when not --no-NAME
    off_flag: str | None = None
    #: a value to fill in when a fact must be made up and nothing else says which
    #: (`ipcalc opportunities`: a patent granted abroad needs a country)
    example: object = None
    #: what the field is to `ipcalc opportunities` (see ROLES): "cost", money the client spends
    #: for the fact (a premium, a fee, a purchase); "later", a state an entry reaches only
    #: after its term (a loan repaid); "sequence", a count one higher at each new entry
    #: (consecutive years)
    role: str | None = None
    #: the field's name in a sentence a client reads ("IP share of the collateral" /
    #: 知识产权出质占比); None: its help, without what a parenthesis or a colon adds
    label: Text | None = None

    def term(self) -> Text:
        """The field in a sentence: its label, never its name in the profile."""
        if self.label is not None:
            return self.label
        return Text(_short(self.help.en), _short(self.help.zh))


def _short(help_text: str) -> str:
    """A field's help as a name: "the loan's own annual rate (0.0385 for 3.85%)" -> "the loan's
    own annual rate"; 贷款合同年利率(3.85% 写作 0.0385) -> 贷款合同年利率."""
    for mark in (" (", "(", ": ", ":"):
        head, found, _ = help_text.partition(mark)
        if found and head.strip():
            help_text = head
    return help_text.strip()


class Section(Record):
    """A list section of the profile ([[loans]]): its fields, the field that dates an entry,
    the command-line flag for one entry, and its names in words.

    `decision`: a new entry is a business decision the client takes for its own reasons
    (borrowing, insuring, buying patents): what it does, after "when you next" ("borrow
    against IP"); `ipcalc opportunities` offers such entries as `conditional` steps, to a
    client that has entries of the section or whose applicant kind is in `usual_for`."""

    fields: dict[str, Field]
    flag: str
    date_field: str
    label: Text
    noun: Text
    decision: Text | None = None
    usual_for: frozenset[str] = frozenset()

    @property
    def business(self) -> bool:
        """Whether a new entry is a business decision: said so, or it costs the client money."""
        return self.decision is not None or any(f.role == "cost" for f in self.fields.values())


def _choices(**labels: tuple[str, str]) -> Mapping[str, Text]:
    return {name: Text(en, zh) for name, (en, zh) in labels.items()}


def _f(
    type: str,
    default: object = None,
    en: str = "",
    zh: str = "",
    *,
    required: bool = False,
    choices: tuple[str, ...] = (),
    minimum: int = 0,
    maximum: int | None = None,
    choice_labels: Mapping[str, Text] = EMPTY,
    off_flag: str | None = None,
    example: object = None,
    role: str | None = None,
    label: tuple[str, str] | None = None,
) -> Field:
    # Every field given in order: Record's fast path (this table is built at every start).
    words = Text(*label) if label is not None else None
    return Field(type, default, required, choices, minimum, maximum, Text(en, zh), choice_labels, off_flag, example, role, words)


SCALARS: dict[str, Field] = {
    "name": _f(TEXT, en="client name (optional)", zh="客户名称(可选)", label=("client name", "客户名称")),
    "region": _f(REGION, required=True, en="where the applicant is", zh="所在地区", label=("region", "所在地区")),
    "kind": _f(CHOICE, "enterprise", choices=APPLICANT_KINDS, en="applicant kind", zh="申请主体类型"),
    "as_of": _f(DATE, en="date of the estimate (default today)", zh="估算日期(默认今天)", label=("date of the estimate", "估算日期")),
    "srdi": _f(BOOL, False, en="a 专精特新 (SRDI) SME", zh="专精特新中小企业", label=("an SRDI (专精特新) SME", "专精特新中小企业")),
    "blacklisted": _f(
        BOOL,
        False,
        en="on the 失信 (seriously dishonest) list",
        zh="列入严重失信主体名单",
        off_flag="not-blacklisted",
        label=("on the list of seriously dishonest entities (失信)", "列入严重失信主体名单"),
    ),
    "foreign_invention_patents": _f(COUNT, 0, en="invention patents granted abroad", zh="国外授权发明专利数"),
    "foreign_trademarks": _f(COUNT, 0, en="trademarks registered abroad", zh="国外注册商标数"),
    "patent_agents": _f(COUNT, 0, en="patent agents newly qualified or recruited", zh="新培养或引进的专利代理师人数"),
    "university_agreement": _f(
        BOOL,
        False,
        en="signed industry-university research agreement",
        zh="已签订产学研合作协议",
        label=("an industry-university research agreement signed", "已签订产学研合作协议"),
    ),
    "joint_invention_applications": _f(
        COUNT,
        0,
        en="invention applications filed jointly with that university",
        zh="校企共同申报的发明专利受理数",
        label=("invention applications filed jointly with the university", "校企共同申报的发明专利受理数"),
    ),
    "protection_workstation": _f(BOOL, False, en="runs an IP protection workstation", zh="建有知识产权保护工作站"),
    "research_institute_branch": _f(BOOL, False, en="a research institute branch set up locally", zh="在本地设立研究院分院"),
    "agency_branch": _f(BOOL, False, en="a patent agency branch opened locally", zh="在本地设立专利代理分所"),
    # The client's scale: what `opportunities` sizes a step by, and what a policy may set a
    # condition or a cap on ("revenue at most 2亿"); by year in [[finances]].
    "revenue": _f(
        MONEY,
        en="operating revenue of the last full year (营业收入), optional",
        zh="上一完整年度营业收入(可选)",
        label=("operating revenue of the last full year", "上一完整年度营业收入"),
    ),
    "employees": _f(COUNT, en="employees, optional", zh="员工人数(可选)", label=("employees", "员工人数")),
    "rd_spend": _f(
        MONEY,
        en="R&D spending of the last full year (研发投入), optional",
        zh="上一完整年度研发投入(可选)",
        label=("R&D spending of the last full year", "上一完整年度研发投入"),
    ),
}

SECTIONS: dict[str, Section] = {
    "titles": Section(
        {
            "title": _f(TITLE, required=True, en="title granted", zh="获得的称号", label=("title", "称号")),
            "level": _f(LEVEL, en="national | provincial | city | regional", zh="级别", label=("level", "级别")),
            "date": _f(DATE, en="date granted", zh="认定日期"),
        },
        "title",
        "date",
        Text("titles granted", "获得的称号"),
        Text("title", "称号"),
    ),
    "awards": Section(
        {
            "award": _f(AWARD, required=True, en="award won", zh="获得的奖项", label=("award", "奖项")),
            "count": _f(COUNT, 1, minimum=1, en="how many", zh="数量", label=("number of awards", "获奖数量")),
            "amount": _f(
                MONEY,
                NO_MONEY,
                en="what the province paid (matching clauses need it)",
                zh="省级奖励金额(配套奖励需要)",
                label=("amount the province paid", "省级奖励金额"),
            ),
            "date": _f(DATE, en="date awarded", zh="获奖日期"),
        },
        "award",
        "date",
        Text("patent awards", "专利奖项"),
        Text("award", "奖项"),
    ),
    "insurance": Section(
        {
            "premium": _f(MONEY, required=True, en="premium paid", zh="实际支出保费", role="cost", label=("premium", "保费")),
            "date": _f(DATE, en="date paid", zh="投保日期"),
            "contract": _f(
                TEXT,
                en="the insurance contract paid for, optional: premiums of one contract share its caps",
                zh="保险合同编号(可选):同一合同的保费共用上限",
                label=("insurance contract", "保险合同"),
            ),
        },
        "insurance",
        "date",
        Text("patent insurance", "专利保险"),
        Text("insurance", "保险"),
        decision=Text("insure patents", "投保专利保险"),
    ),
    "loans": Section(
        {
            "principal": _f(MONEY, required=True, en="amount lent", zh="贷款本金", label=("principal", "贷款本金")),
            "issued": _f(DATE, en="date the loan was issued", zh="贷款发放日", label=("issued", "发放日")),
            "signed": _f(
                DATE,
                en="date the loan contract was signed (default: issued)",
                zh="贷款合同签订日(默认为发放日)",
                label=("contract signed", "合同签订日"),
            ),
            "months": _f(
                COUNT, required=True, minimum=1, maximum=600, en="term in months", zh="贷款期限(月)", label=("term in months", "贷款期限(月)")
            ),
            "rate": _f(
                FRACTION,
                en="the loan's own annual rate (0.0385 for 3.85%)",
                zh="贷款合同年利率(3.85% 写作 0.0385)",
                label=("the loan's annual rate", "贷款年利率"),
            ),
            "pledge_share": _f(
                FRACTION,
                en="share of the collateral that is IP (default 1)",
                zh="知识产权出质占比(默认1)",
                label=("IP share of the collateral", "知识产权出质占比"),
            ),
            "repaid": _f(BOOL, False, en="loan and interest repaid", zh="已偿贷还息", role="later"),
            "guarantee_fee": _f(MONEY, NO_MONEY, en="guarantee fee paid", zh="担保费", role="cost", label=("guarantee fee", "担保费")),
            "insurance_fee": _f(MONEY, NO_MONEY, en="loan insurance fee paid", zh="保险费", role="cost", label=("loan insurance fee", "保险费")),
            "evaluation_fee": _f(MONEY, NO_MONEY, en="evaluation fee paid", zh="评估费", role="cost", label=("evaluation fee", "评估费")),
        },
        "loan",
        "issued",
        Text("IP-pledge loans", "知识产权质押贷款"),
        Text("loan", "贷款"),
        decision=Text("borrow against IP", "以知识产权质押贷款"),
    ),
    "inbound_deals": Section(
        {
            "amount": _f(MONEY, required=True, en="deal amount", zh="交易额", role="cost"),
            "mode": _f(
                CHOICE,
                required=True,
                choices=("purchase", "licence", "equity"),
                en="purchase | licence | equity",
                zh="交易方式",
                choice_labels={"purchase": Text("purchase", "购买"), "licence": Text("licence", "许可"), "equity": Text("equity", "作价入股")},
                label=("kind of deal", "交易方式"),
            ),
            "implemented": _f(BOOL, False, en="implemented (put to use)", zh="已实施应用", label=("implemented", "已实施应用")),
            "date": _f(DATE, en="deal date", zh="交易日期"),
        },
        "inbound-deal",
        "date",
        Text("patents acquired", "引进的专利"),
        Text("deal", "交易"),
        decision=Text("buy or license in patents", "购买或受让许可专利"),
    ),
    "outbound_deals": Section(
        {"amount": _f(MONEY, required=True, en="licence or transfer amount", zh="许可或转让交易额"), "date": _f(DATE, en="deal date", zh="交易日期")},
        "outbound-deal",
        "date",
        Text("patents licensed out", "许可转让的专利"),
        Text("deal", "交易"),
        decision=Text("license or transfer patents out", "许可或转让专利"),
    ),
    "cases": Section(
        {
            "scope": _f(
                CHOICE,
                "domestic",
                choices=("domestic", "foreign"),
                en="domestic | foreign",
                zh="案件范围",
                choice_labels={"domestic": Text("domestic", "国内"), "foreign": Text("foreign", "涉外")},
                label=("scope", "案件范围"),
            ),
            "costs": _f(
                MONEY, required=True, en="filing, lawyer and expert fees", zh="受理费、律师代理费、鉴定费等", role="cost", label=("costs", "维权费用")
            ),
            "date": _f(DATE, en="date of the costs", zh="费用发生日期"),
        },
        "case",
        "date",
        Text("rights-protection cases", "维权案件"),
        Text("case", "案件"),
        decision=Text("go to court or arbitration to protect your IP", "通过诉讼或仲裁维权"),
    ),
    "events": Section(
        {
            "cost": _f(MONEY, required=True, en="cost of the event", zh="活动成本", role="cost", label=("cost", "活动成本")),
            "date": _f(DATE, en="event date", zh="活动日期"),
        },
        "event",
        "date",
        Text("promotion events", "宣传活动"),
        Text("event", "活动"),
        decision=Text("run an IP promotion event for the bureau", "为主管部门承办知识产权宣传活动"),
        usual_for=frozenset({"agency"}),
    ),
    "patents": Section(
        {
            "type": _f(
                CHOICE,
                required=True,
                choices=("invention", "utility_model", "design"),
                en="invention | utility_model | design",
                zh="专利类型",
                choice_labels=_choices(invention=("invention", "发明"), utility_model=("utility model", "实用新型"), design=("design", "外观设计")),
                label=("type", "专利类型"),
            ),
            "route": _f(
                CHOICE,
                "domestic",
                choices=("domestic", "pct", "foreign"),
                en="domestic | pct | foreign",
                zh="途径",
                choice_labels=_choices(domestic=("domestic", "国内"), pct=("PCT", "PCT"), foreign=("foreign", "国外")),
                label=("route", "途径"),
            ),
            "country": _f(
                CHOICE,
                choices=COUNTRIES,
                example="US",
                en="where granted, for route = foreign: ISO 3166 alpha-2 code or EP",
                zh="授权国家或地区(国外授权:ISO 3166 两字母代码或 EP)",
                label=("country", "授权国家或地区"),
            ),
            "count": _f(COUNT, 1, minimum=1, en="how many", zh="件数", label=("number of patents", "件数")),
            "date": _f(DATE, en="grant date (filing date for pct)", zh="授权日(PCT 为申请日)", label=("date", "授权日")),
            "service": _f(BOOL, en="a service invention (职务发明)", zh="职务发明", label=("a service invention", "职务发明")),
        },
        "patent",
        "date",
        Text("patents", "专利"),
        Text("patent", "专利"),
    ),
    "trademarks": Section(
        {
            "type": _f(
                CHOICE,
                required=True,
                choices=("domestic", "madrid", "well_known", "geographical_indication"),
                en="domestic | madrid | well_known | geographical_indication",
                zh="商标类型",
                choice_labels=_choices(
                    domestic=("domestic", "国内注册"),
                    madrid=("Madrid", "马德里国际注册"),
                    well_known=("well-known", "驰名商标"),
                    geographical_indication=("geographical indication", "地理标志"),
                ),
                label=("type", "商标类型"),
            ),
            "count": _f(COUNT, 1, minimum=1, en="how many", zh="件数", label=("number of marks", "件数")),
            "date": _f(DATE, en="registration or recognition date", zh="注册或认定日期"),
        },
        "trademark",
        "date",
        Text("trademarks", "商标"),
        Text("trademark", "商标"),
    ),
    # The client's scale year by year: a policy may compare a fact with the revenue of the
    # year before it ("no more than 6‰ of the previous year's revenue").
    "finances": Section(
        {
            "year": _f(COUNT, required=True, minimum=1900, maximum=2199, en="the year (a full calendar year)", zh="年度", label=("year", "年度")),
            "revenue": _f(MONEY, en="operating revenue that year (营业收入)", zh="当年营业收入", label=("operating revenue", "营业收入")),
            "rd_spend": _f(MONEY, en="R&D spending that year (研发投入)", zh="当年研发投入", label=("R&D spending", "研发投入")),
        },
        "finance",
        "",
        Text("finances by year", "年度财务"),
        Text("year", "年度"),
    ),
}


class Schema(Record):
    """The profile's fields: the scalars, and the list sections with their fields."""

    scalars: dict[str, Field]
    sections: dict[str, Section]

    def field_of(self, section: str | None, name: str) -> Field | None:
        """A fact field (in `section`) or, with no section, a profile scalar."""
        if section is None:
            return self.scalars.get(name)
        found = self.sections.get(section)
        return found.fields.get(name) if found is not None else None

    def extended(self, scalars: Mapping[str, Field], sections: Mapping[str, Section]) -> Schema:
        """This schema with more scalars and sections; a section already here gains the
        new section's fields."""
        merged = dict(self.sections)
        for name, section in sections.items():
            old = merged.get(name)
            merged[name] = section if old is None else old._replace(fields={**old.fields, **section.fields})
        return Schema({**self.scalars, **scalars}, merged)


#: every entry of a list section may say it was claimed already (applied for, or paid): its
#: items show as claimed and leave the "still to claim" total
CLAIMED = "claimed"
CLAIMED_FIELD = _f(
    BOOL,
    False,
    en="already claimed (applied for, or paid): left out of what is still to claim",
    zh="已申领(已申报或已获支付):不计入尚待申领",
    label=("already claimed", "已申领"),
)
#: the sections of the client's own scale, not facts a policy pays for (nothing to claim)
SCALE_SECTIONS = frozenset({"finances"})
for _name, _section in SECTIONS.items():
    if _name not in SCALE_SECTIONS:
        _section.fields[CLAIMED] = CLAIMED_FIELD

BUILTIN = Schema(SCALARS, SECTIONS)

#: counts that entries of a list section may give one by one instead (never both: the same
#: patents would be counted twice): count -> (section, the fields that make an entry one)
LISTED_COUNTS: dict[str, tuple[str, dict[str, str]]] = {
    "foreign_invention_patents": ("patents", {"route": "foreign", "type": "invention"}),
    "foreign_trademarks": ("trademarks", {"type": "madrid"}),
}


#: the profile's fields of money that say the client's scale, beside its facts
SCALE_FIELDS = ("revenue", "rd_spend")


def field_of(section: str | None, name: str) -> Field | None:
    """A field of the built-in schema (see `Schema.field_of`)."""
    return BUILTIN.field_of(section, name)


def kind_name(facts: Schema, kind: str) -> Any:
    """An applicant kind in words: ipcalc's own from the catalogue (a Msg), a policy
    folder's from its declaration (a Text)."""
    if kind in APPLICANT_KINDS:
        from .i18n import msg

        return msg(kind)
    return facts.scalars["kind"].choice_labels.get(kind) or Text(kind, kind)
