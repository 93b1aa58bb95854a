-- mart.funnel_limits: 95 % and 99.8 % control limits of O/E for a unit with `expected`
-- expected dropouts, if its true ratio were 1 (observed ~ Poisson(expected)).
-- Grain: one row per expected value of a log-spaced grid 0.5 … 2000 (160 points).
-- Depends: nothing (pure function of the grid). lgamma: PostgreSQL 18 or later.
-- Exact Poisson quantiles with Spiegelhalter's interpolation (Spiegelhalter 2005,
-- "Funnel plots for comparing institutional performance", Stat Med 24:1185–1202, §A.1.2):
-- r_p = smallest r with P(X ≤ r) ≥ p; α = (P(X ≤ r_p) − p) / P(X = r_p); limit = (r_p − α) / E.
CREATE OR REPLACE TABLE mart.funnel_limits AS
-- Logarithms in double precision (PostgreSQL would take ln(0.5) as numeric).
WITH grid AS (
  SELECT exp(ln(CAST(0.5 AS DOUBLE PRECISION)) + g.i * (ln(CAST(2000 AS DOUBLE PRECISION)) - ln(CAST(0.5 AS DOUBLE PRECISION))) / 159) AS expected
  FROM generate_series(0, 159) AS g(i)
),

pmf AS (
  SELECT g.expected, r.k, r.k * ln(g.expected) - g.expected - lgamma(r.k + 1) AS log_p
  FROM grid AS g, generate_series(0, 2399) AS r(k)
  WHERE r.k <= g.expected + 12 * sqrt(g.expected) + 25
),

-- P(X = k) below e^-708 (1e-308, the smallest normal double) is 0: PostgreSQL's exp()
-- refuses to underflow, and such terms cannot move a cumulative probability of 0.001.
cdf AS (
  SELECT expected, k, p_k, sum(p_k) OVER (PARTITION BY expected ORDER BY k) AS cum
  FROM (SELECT expected, k, CASE WHEN log_p < -708 THEN 0.0 ELSE exp(log_p) END AS p_k FROM pmf) AS probabilities_of_k
),

probabilities(p, name) AS (
  VALUES (0.025, 'lower_95'), (0.975, 'upper_95'), (0.001, 'lower_998'), (0.999, 'upper_998')
),

-- r_p per grid point and probability: the first k whose cumulative probability reaches p
reached AS (
  SELECT c.expected, q.name, q.p, min(c.k) AS k
  FROM cdf AS c, probabilities AS q
  WHERE c.cum >= q.p
  GROUP BY c.expected, q.name, q.p
),

quantiles AS (
  SELECT r.expected, r.name, c.k - (c.cum - r.p) / c.p_k AS limit_count
  FROM reached AS r
  JOIN cdf AS c ON c.expected = r.expected AND c.k = r.k
),

final AS (
  SELECT
    expected,
    greatest(max(limit_count) FILTER (WHERE name = 'lower_95'), 0) / expected AS lower_95,
    max(limit_count) FILTER (WHERE name = 'upper_95') / expected AS upper_95,
    greatest(max(limit_count) FILTER (WHERE name = 'lower_998'), 0) / expected AS lower_998,
    max(limit_count) FILTER (WHERE name = 'upper_998') / expected AS upper_998
  FROM quantiles
  GROUP BY expected
  ORDER BY expected
)

SELECT * FROM final
