"""Every section of the city's benchmark, one after another (see ``bench.city``)."""

from bench.city import lists, monthly, rush, strike

for section in (monthly, rush, strike, lists):
    section.main([])
