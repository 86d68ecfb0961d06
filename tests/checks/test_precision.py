"""Clean professional copy full of foreign names: no error or warning flags."""

from __future__ import annotations

from datetime import date

from editorial.checks import check_text

CLEAN = """BAMAKO, Aug 4 (Reuters) - Mali's military government cut diplomatic ties with Ukraine on Sunday, after a \
Ukrainian official suggested Kyiv had helped Tuareg rebels who ambushed Malian troops and Russian mercenaries \
last month.

Colonel Abdoulaye Maïga, a government spokesperson, said in a televised statement that the comments by Andriy \
Yusov, a representative of Ukraine's military intelligence agency, amounted to support for terrorism.

"The transitional government has learnt with deep shock of the subversive remarks," Maïga said. Ukraine's \
foreign ministry called the decision short-sighted and hasty.

The fighting near Tinzaouaten, close to the Algerian border, began on July 25 and lasted several days. \
Rebels from the Permanent Strategic Framework said they had killed dozens of Wagner fighters.

Wagner acknowledged the death of a commander, Sergei Shevchenko, in a rare public statement. Analysts in \
Dakar, Niamey and Ouagadougou said the losses were among the heaviest the group has suffered in Africa.

Mali, led by Colonel Assimi Goïta since coups in 2020 and 2021, has turned to Moscow after France withdrew its \
troops. Burkina Faso's Ibrahim Traoré and Niger's Abdourahamane Tiani have followed the same path, and the \
three juntas formed the Alliance of Sahel States in September 2023.

In Abuja, Nigeria's President Bola Tinubu said the Economic Community of West African States would keep \
talking to the three countries. Governor Babagana Zulum of Borno state welcomed the talks.

Félix Tshisekedi, Paul Kagame and Cyril Ramaphosa were not at the meeting, officials in Addis Ababa said. \
(Reporting by Tiemoko Diallo in Bamako and Felix Onuah in Abuja; Editing by Aurora Ellis)"""


def test_clean_wire_copy_has_no_blocking_flags():
    flags = check_text(
        CLEAN, dateline=date(2024, 8, 4), headline="Mali cuts ties with Ukraine over rebel attack"
    )
    blocking = [(f.rule, f.text) for f in flags if f.severity in ("error", "warning")]
    assert blocking == []


def test_clean_copy_still_gets_info_flags_for_names_and_claims():
    flags = check_text(CLEAN, dateline=date(2024, 8, 4))
    names = {f.text for f in flags if f.rule == "spelling.verify-name"}
    assert {"Tinzaouaten", "Yusov"} <= names
    assert any(f.rule == "claim.statement" for f in flags)


def test_title_case_headline_is_consistent():
    flags = check_text(CLEAN, headline="Mali Cuts Ties With Ukraine Over Rebel Attack")
    assert [f for f in flags if f.field == "headline" and f.severity != "info"] == []
