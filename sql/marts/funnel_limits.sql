-- mart.funnel_limits: 95 % and 99.8 % control limits of O/E for a unit with `expected`
-- expected dropouts, if its true ratio were 1 (observed ~ Poisson(expected)).
-- Grain: one row per expected value of a log-spaced grid 0.5 … 2000 (160 points).
-- Depends: nothing (pure function of the grid).
-- Exact Poisson quantiles with Spiegelhalter's interpolation (Spiegelhalter 2005,
-- "Funnel plots for comparing institutional performance", Stat Med 24:1185–1202, §A.1.2):
-- r_p = smallest r with P(X ≤ r) ≥ p; α = (P(X ≤ r_p) − p) / P(X = r_p); limit = (r_p − α) / E.
CREATE OR REPLACE TABLE mart.funnel_limits AS
WITH grid AS (
  SELECT exp(ln(0.5) + i * (ln(2000) - ln(0.5)) / 159) AS expected
  FROM range(160) AS g(i)
),

pmf AS (
  SELECT g.expected, r.k, exp(r.k * ln(g.expected) - g.expected - lgamma(r.k + 1)) AS p_k
  FROM grid AS g, range(0, 2400) AS r(k)
  WHERE r.k <= g.expected + 12 * sqrt(g.expected) + 25
),

cdf AS (
  SELECT expected, k, p_k, sum(p_k) OVER (PARTITION BY expected ORDER BY k) AS cum
  FROM pmf
),

probabilities(p, name) AS (
  VALUES (0.025, 'lower_95'), (0.975, 'upper_95'), (0.001, 'lower_998'), (0.999, 'upper_998')
),

quantiles AS (
  SELECT
    c.expected, q.name,
    arg_min(c.k - (c.cum - q.p) / c.p_k, c.k) AS limit_count
  FROM cdf AS c, probabilities AS q
  WHERE c.cum >= q.p
  GROUP BY ALL
),

final AS (
  SELECT
    expected,
    greatest(max(limit_count) FILTER (name = 'lower_95'), 0) / expected AS lower_95,
    max(limit_count) FILTER (name = 'upper_95') / expected AS upper_95,
    greatest(max(limit_count) FILTER (name = 'lower_998'), 0) / expected AS lower_998,
    max(limit_count) FILTER (name = 'upper_998') / expected AS upper_998
  FROM quantiles
  GROUP BY expected
  ORDER BY expected
)

SELECT * FROM final
