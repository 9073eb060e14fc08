"""The profile's fields, declared once, as data.

The profile validator, the policy validator (which checks that rules name real fields), the
command-line flags, completion and the `init` template all read these tables. Each field
carries its bilingual description (`help`), and a choice field the label of each value.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

from .i18n import Text
from .record import Record

APPLICANT_KINDS = ("enterprise", "park", "university", "school", "agency")

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

NO_MONEY = Decimal(0)
EMPTY: Mapping[str, Any] = {}


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

    def noun(self, name: str) -> Text:
        """The field as a noun in a sentence: "guarantee fee" / "担保费"."""
        return Text(name.replace("_", " "), self.help.zh)


class Section(Record):
    """A list section of the profile ([[loans]]): its fields, the field that dates an entry,
    the command-line flag for one entry, and its names in words."""

    fields: dict[str, Field]
    flag: str
    date_field: str
    label: Text
    noun: Text


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
) -> Field:
    # Every field given in order: Record's fast path (this table is built at every start).
    return Field(type, default, required, choices, minimum, maximum, Text(en, zh), choice_labels, off_flag)


SCALARS: dict[str, Field] = {
    "name": _f(TEXT, en="client name (optional)", zh="客户名称(可选)"),
    "region": _f(REGION, required=True, en="where the applicant is", zh="所在地区"),
    "kind": _f(CHOICE, "enterprise", choices=APPLICANT_KINDS, en="applicant kind", zh="申请主体类型"),
    "as_of": _f(DATE, en="date of the estimate (default today)", zh="估算日期(默认今天)"),
    "srdi": _f(BOOL, False, en="a 专精特新 (SRDI) SME", zh="专精特新中小企业"),
    "blacklisted": _f(BOOL, False, en="on the 失信 (seriously dishonest) list", zh="列入严重失信主体名单", off_flag="not-blacklisted"),
    "foreign_invention_patents": _f(COUNT, 0, en="invention patents granted abroad", zh="国外授权发明专利数"),
    "foreign_trademarks": _f(COUNT, 0, en="trademarks registered abroad", zh="国外注册商标数"),
    "patent_agents": _f(COUNT, 0, en="patent agents newly qualified or recruited", zh="新培养或引进的专利代理师人数"),
    "university_agreement": _f(BOOL, False, en="signed industry-university research agreement", zh="已签订产学研合作协议"),
    "joint_invention_applications": _f(
        COUNT, 0, en="invention applications filed jointly with that university", zh="校企共同申报的发明专利受理数"
    ),
    "protection_workstation": _f(BOOL, False, en="runs an IP protection workstation", zh="建有知识产权保护工作站"),
    "research_institute_branch": _f(BOOL, False, en="a research institute branch set up locally", zh="在本地设立研究院分院"),
    "agency_branch": _f(BOOL, False, en="a patent agency branch opened locally", zh="在本地设立专利代理分所"),
}

SECTIONS: dict[str, Section] = {
    "titles": Section(
        {
            "title": _f(TITLE, required=True, en="title granted", zh="获得的称号"),
            "level": _f(LEVEL, en="national | provincial | city | regional", zh="级别"),
            "date": _f(DATE, en="date granted", zh="认定日期"),
        },
        "title", "date", Text("titles granted", "获得的称号"), Text("title", "称号"),
    ),
    "awards": Section(
        {
            "award": _f(AWARD, required=True, en="award won", zh="获得的奖项"),
            "count": _f(COUNT, 1, minimum=1, en="how many", zh="数量"),
            "amount": _f(MONEY, NO_MONEY, en="what the province paid (matching clauses need it)", zh="省级奖励金额(配套奖励需要)"),
            "date": _f(DATE, en="date awarded", zh="获奖日期"),
        },
        "award", "date", Text("patent awards", "专利奖项"), Text("award", "奖项"),
    ),
    "insurance": Section(
        {
            "premium": _f(MONEY, required=True, en="premium paid", zh="实际支出保费"),
            "date": _f(DATE, en="date paid", zh="投保日期"),
        },
        "insurance", "date", Text("patent insurance", "专利保险"), Text("insurance", "保险"),
    ),
    "loans": Section(
        {
            "principal": _f(MONEY, required=True, en="amount lent", zh="贷款本金"),
            "issued": _f(DATE, en="date the loan was issued", zh="贷款发放日"),
            "months": _f(COUNT, required=True, minimum=1, maximum=600, en="term in months", zh="贷款期限(月)"),
            "rate": _f(FRACTION, en="the loan's own annual rate, e.g. 0.0385", zh="贷款合同年利率,如 0.0385"),
            "pledge_share": _f(FRACTION, en="share of the collateral that is IP (default 1)", zh="知识产权出质占比(默认1)"),
            "repaid": _f(BOOL, False, en="loan and interest repaid", zh="已偿贷还息"),
            "guarantee_fee": _f(MONEY, NO_MONEY, en="guarantee fee paid", zh="担保费"),
            "insurance_fee": _f(MONEY, NO_MONEY, en="loan insurance fee paid", zh="保险费"),
            "evaluation_fee": _f(MONEY, NO_MONEY, en="evaluation fee paid", zh="评估费"),
        },
        "loan", "issued", Text("IP-pledge loans", "知识产权质押贷款"), Text("loan", "贷款"),
    ),
    "inbound_deals": Section(
        {
            "amount": _f(MONEY, required=True, en="deal amount", zh="交易额"),
            "mode": _f(
                CHOICE, required=True, choices=("purchase", "licence", "equity"), en="purchase | licence | equity", zh="交易方式",
                choice_labels={"purchase": Text("purchase", "购买"), "licence": Text("licence", "许可"), "equity": Text("equity", "作价入股")},
            ),
            "implemented": _f(BOOL, False, en="implemented (put to use)", zh="已实施应用"),
            "date": _f(DATE, en="deal date", zh="交易日期"),
        },
        "inbound-deal", "date", Text("patents acquired", "引进的专利"), Text("deal", "交易"),
    ),
    "outbound_deals": Section(
        {
            "amount": _f(MONEY, required=True, en="licence or transfer amount", zh="许可或转让交易额"),
            "date": _f(DATE, en="deal date", zh="交易日期"),
        },
        "outbound-deal", "date", Text("patents licensed out", "许可转让的专利"), Text("deal", "交易"),
    ),
    "cases": Section(
        {
            "scope": _f(
                CHOICE, "domestic", choices=("domestic", "foreign"), en="domestic | foreign", zh="案件范围",
                choice_labels={"domestic": Text("domestic", "国内"), "foreign": Text("foreign", "涉外")},
            ),
            "costs": _f(MONEY, required=True, en="filing, lawyer and expert fees", zh="受理费、律师代理费、鉴定费等"),
            "date": _f(DATE, en="date of the costs", zh="费用发生日期"),
        },
        "case", "date", Text("rights-protection cases", "维权案件"), Text("case", "案件"),
    ),
    "events": Section(
        {
            "cost": _f(MONEY, required=True, en="cost of the event", zh="活动成本"),
            "date": _f(DATE, en="event date", zh="活动日期"),
        },
        "event", "date", Text("promotion events", "宣传活动"), Text("event", "活动"),
    ),
}


def field_of(section: str | None, name: str) -> Field | None:
    """A fact field (in `section`) or, with no section, a profile scalar."""
    if section is None:
        return SCALARS.get(name)
    found = SECTIONS.get(section)
    return found.fields.get(name) if found is not None else None


def date_field(section: str) -> str:
    return SECTIONS[section].date_field
