"""Words English always capitalises that the lower-case word list also holds (days, months, peoples, places).

pyspellchecker's list is all lower case, so "american" or "monday" look like common words; headline-case and
name checks need to know they are not.
"""

from __future__ import annotations

ALWAYS_CAPITALISED = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april june july august
    september october november december christmas easter ramadan eid diwali hanukkah god allah jesus
    africa african america american americans asia asian europe european europeans arctic antarctic atlantic
    pacific mediterranean caribbean latin english england british britain scottish scotland welsh wales irish
    ireland french france german germany italian italy spanish spain portuguese portugal dutch greek greece
    russian russia ukrainian ukraine polish poland swedish sweden norwegian norway danish denmark finnish
    finland turkish turkey arab arabic arabia saudi iranian iran iraqi iraq syrian syria israeli israel
    palestinian palestine lebanese lebanon egyptian egypt libyan libya algerian algeria moroccan morocco
    tunisian tunisia malian mali nigerian nigeria niger ghanaian ghana kenyan kenya ethiopian ethiopia
    somali somalia sudanese sudan congolese congo rwandan rwanda ugandan uganda tanzanian tanzania
    chinese china japanese japan korean korea indian india pakistani pakistan afghan afghanistan bangladesh
    vietnamese vietnam thai thailand indonesian indonesia filipino philippines australian australia canadian
    canada mexican mexico brazilian brazil argentine argentina chilean chile colombian colombia venezuelan
    venezuela cuban cuba texas california washington london paris moscow kyiv beijing tokyo berlin rome
    madrid brussels geneva davos jerusalem cairo lagos nairobi johannesburg muslim muslims christian
    christians jewish jew jews islamic catholic protestant buddhist hindu sunni shia kurdish kurds tuareg
    wagner kremlin pentagon nato parliament congress senate facebook twitter google""".split()
)
