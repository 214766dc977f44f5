//! Maximum-likelihood fitting shared by the models: L-BFGS (from `argmin`)
//! on the logarithms of the parameters, so that every step keeps them
//! positive, with analytic gradients summed over customers on every core.

use argmin::core::{CostFunction, Executor, Gradient, State, TerminationReason, TerminationStatus};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use serde::{Deserialize, Serialize};

/// A model's log-likelihood over weighted observations.
pub(crate) trait Likelihood: Sync {
    type Observation: Sync;
    /// What depends on the parameters but not on the customer, worked out
    /// once per evaluation: the gamma-function terms of each number of
    /// repeat purchases, which would otherwise be most of the work.
    type Prepared: Sync;
    /// How many parameters the model has.
    const PARAMETERS: usize;
    /// Their names, in order.
    const NAMES: &'static [&'static str];
    fn prepare(&self, params: &[f64]) -> Self::Prepared;
    /// The log-likelihood of one observation and its gradient with respect
    /// to the parameters (not their logarithms), added to `gradient`.
    fn add(
        &self,
        params: &[f64],
        prepared: &Self::Prepared,
        observation: &Self::Observation,
        weight: f64,
        gradient: &mut [f64],
    ) -> f64;
}

/// How a fit ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Convergence {
    /// Whether the optimiser converged, or stopped where the gradient
    /// vanishes anyway (a line search can give up there, on rounding).
    pub converged: bool,
    pub iterations: u64,
    /// Why the optimiser stopped, in its words.
    pub reason: String,
    /// The largest component of the mean log-likelihood's gradient, with
    /// respect to the parameters' logarithms, where it stopped.
    #[serde(default)]
    pub gradient: f64,
}

/// A gradient this small is a maximum, whatever the line search said.
const FLAT: f64 = 1e-6;

/// Beyond these, a parameter has run off to the edge of its range: the data
/// do not pin the model down (no customer seems to stop buying, say, or
/// every purchase is worth the same).
const SANE: std::ops::RangeInclusive<f64> = 1e-6..=1e6;

/// Observations per thread below which splitting the work costs more than
/// it saves (a scoped thread costs some tens of microseconds; a thousand
/// observations, some tens).
const PER_THREAD: usize = 4_096;

/// Sums the log-likelihood and its gradient with respect to the parameters'
/// logarithms over `data`.
fn total<L: Likelihood>(model: &L, log_params: &[f64], data: &[(L::Observation, f64)]) -> (f64, Vec<f64>) {
    let params: Vec<f64> = log_params.iter().map(|p| p.exp()).collect();
    let prepared = model.prepare(&params);
    let part = |slice: &[(L::Observation, f64)]| {
        let mut gradient = vec![0.0; L::PARAMETERS];
        let value = slice.iter().map(|(o, w)| model.add(&params, &prepared, o, *w, &mut gradient)).sum::<f64>();
        (value, gradient)
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(data.len() / PER_THREAD).max(1);
    let (value, mut gradient) = if threads == 1 {
        part(data)
    } else {
        let size = data.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = data.chunks(size).map(|slice| scope.spawn(move || part(slice))).collect();
            handles.into_iter().fold((0.0, vec![0.0; L::PARAMETERS]), |(v, mut g), handle| {
                // A panic in a summing thread is a bug here, not bad input.
                let (pv, pg) = handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                g.iter_mut().zip(pg).for_each(|(a, b)| *a += b);
                (v + pv, g)
            })
        })
    };
    // d/d(ln θ) = θ · d/dθ
    gradient.iter_mut().zip(&params).for_each(|(g, p)| *g *= p);
    (value, gradient)
}

/// Where the likelihood was last evaluated, its value and its gradient.
type Evaluation = (Vec<f64>, f64, Vec<f64>);

/// The negative mean log-likelihood, which the optimiser minimises (the
/// mean keeps the scale of the gradient independent of the data's size).
/// The line search asks for the cost and the gradient at the same points;
/// both come from one pass over the data, kept for the second question.
struct Problem<'a, L: Likelihood> {
    model: &'a L,
    data: &'a [(L::Observation, f64)],
    weight: f64,
    last: std::sync::Mutex<Option<Evaluation>>,
}

impl<L: Likelihood> Problem<'_, L> {
    fn evaluate(&self, log_params: &[f64]) -> (f64, Vec<f64>) {
        let mut last = self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((at, value, gradient)) = last.as_ref()
            && at.as_slice() == log_params
        {
            return (*value, gradient.clone());
        }
        let (value, gradient) = total(self.model, log_params, self.data);
        let value = finite(-value / self.weight);
        let gradient: Vec<f64> = gradient.into_iter().map(|g| finite(-g / self.weight)).collect();
        *last = Some((log_params.to_vec(), value, gradient.clone()));
        (value, gradient)
    }
}

impl<L: Likelihood> CostFunction for Problem<'_, L> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, log_params: &Vec<f64>) -> Result<f64, argmin::core::Error> {
        Ok(self.evaluate(log_params).0)
    }
}

impl<L: Likelihood> Gradient for Problem<'_, L> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;
    fn gradient(&self, log_params: &Vec<f64>) -> Result<Vec<f64>, argmin::core::Error> {
        Ok(self.evaluate(log_params).1)
    }
}

/// Parameters far out of range overflow; an infinite cost sends the line
/// search back rather than stopping it.
fn finite(value: f64) -> f64 {
    if value.is_finite() { value } else { f64::MAX.sqrt() }
}

/// Why a fit could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    #[error("there is nothing to fit: {0}")]
    NoData(&'static str),
    #[error("the optimiser failed: {0}")]
    Optimiser(String),
    #[error("the data do not pin the model down: {0}")]
    Degenerate(String),
}

/// Fits `model` to weighted observations from `start` (the parameters, not
/// their logarithms); returns the parameters, the log-likelihood and how
/// the optimiser ended.
pub(crate) fn maximise<L: Likelihood>(
    model: &L,
    data: &[(L::Observation, f64)],
    start: &[f64],
) -> Result<(Vec<f64>, f64, Convergence), FitError> {
    let weight: f64 = data.iter().map(|(_, w)| w).sum();
    if weight <= 0.0 {
        return Err(FitError::NoData("no observations"));
    }
    let problem = Problem { model, data, weight, last: std::sync::Mutex::new(None) };
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10)
        .with_tolerance_grad(1e-10)
        .and_then(|s| s.with_tolerance_cost(1e-14))
        .map_err(|e| FitError::Optimiser(e.to_string()))?;
    let start: Vec<f64> = start.iter().map(|p| p.ln()).collect();
    let result = Executor::new(problem, solver)
        .configure(|state| state.param(start).max_iters(500))
        .run()
        .map_err(|e| FitError::Optimiser(e.to_string()))?;
    let state = result.state();
    let best = state.get_best_param().ok_or(FitError::Optimiser("no parameters found".into()))?;
    let reason = match state.get_termination_status() {
        TerminationStatus::Terminated(reason) => reason.clone(),
        TerminationStatus::NotTerminated => TerminationReason::SolverExit("not terminated".into()),
    };
    let (log_likelihood, gradient) = total(model, best, data);
    let gradient = gradient.iter().map(|g| (g / weight).abs()).fold(0.0, f64::max);
    let convergence = Convergence {
        converged: reason == TerminationReason::SolverConverged || gradient < FLAT,
        iterations: state.get_iter(),
        reason: reason.text().to_owned(),
        gradient,
    };
    let params: Vec<f64> = best.iter().map(|p| p.exp()).collect();
    if let Some((i, p)) = params.iter().enumerate().find(|(_, p)| !SANE.contains(*p)) {
        return Err(FitError::Degenerate(format!("{} ran off to {p:e}", L::NAMES[i])));
    }
    Ok((params, log_likelihood, convergence))
}

/// Checks a model's analytic gradient against central finite differences at
/// `params`, for one observation: the test each model's likelihood answers to.
#[cfg(test)]
pub(crate) fn assert_gradient<L: Likelihood>(model: &L, params: &[f64], observation: &L::Observation) {
    let value = |p: &[f64], g: &mut [f64]| model.add(p, &model.prepare(p), observation, 1.0, g);
    let mut gradient = vec![0.0; params.len()];
    value(params, &mut gradient);
    for i in 0..params.len() {
        let step = 1e-6 * params[i];
        let (mut up, mut down) = (params.to_vec(), params.to_vec());
        up[i] += step;
        down[i] -= step;
        let mut scratch = vec![0.0; params.len()];
        let numeric = (value(&up, &mut scratch) - value(&down, &mut scratch)) / (2.0 * step);
        assert!((gradient[i] - numeric).abs() < 1e-6 * numeric.abs().max(1.0), "{}: {gradient:?}", L::NAMES[i]);
    }
}
