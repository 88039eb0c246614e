// The operator console: the marketplace's KPIs over the last 30 days and the cluster's figures, refreshed live.
// Everything from the API is put on the page with textContent or handed to Chart.js as data, never as HTML.
"use strict";

(() => {
  const { session, api } = OneDaySession;
  const $ = id => document.getElementById(id);
  const charts = {};
  let timer = 0;

  OneDaySession.bind(start, signOut);

  function signOut() {
    session.clear();
    clearInterval(timer);
    show(false);
  }

  function show(signedIn) {
    $("sign-in").hidden = signedIn;
    $("console").hidden = !signedIn;
    $("account").hidden = !signedIn;
  }

  async function start() {
    show(true);
    await Promise.all([loadKpis(), loadCluster()]);
    timer = setInterval(loadCluster, 5000);
    document.body.dataset.ready = "true";
  }

  function failed(error) {
    $("console-error").textContent = error.status === 403 ? "This console is for admins." : error.message;
  }

  // --- KPIs --------------------------------------------------------------------------------------------------------

  async function loadKpis() {
    try {
      const report = await api("/api/analytics/kpis?granularity=day");
      $("kpis-through").textContent = `(through event ${report.throughSequence})`;
      const days = report.rows.map(r => r.periodStart);
      const series = key => report.rows.map(r => r[key]);
      const total = key => report.rows.reduce((sum, r) => sum + r[key], 0);
      draw("jobs-chart", "line", days, [
        ["Posted", series("jobsPosted")],
        ["Filled", series("jobsFilled")],
        ["Completed", series("jobsCompleted")],
        ["Cancelled", series("jobsCancelled")],
      ], "Jobs per day");
      draw("funnel-chart", "bar", ["Applications", "Accepted", "Shifts worked", "No-shows"], [
        ["Last 30 days", [total("applications"), total("acceptedApplications"), total("shiftsWorked"), total("noShows")]],
      ], "Application funnel");
      draw("active-chart", "line", days, [
        ["Workers", series("activeWorkers")],
        ["Employers", series("activeEmployers")],
      ], "Active users per day");
      draw("money-chart", "line", days, [
        ["Escrowed", series("escrowedKrw")],
        ["Settled", series("settledKrw")],
        ["Revenue", series("revenueKrw")],
        ["Paid out", series("paidOutKrw")],
      ], "Money per day (KRW)");
      draw("minutes-chart", "line", days, [
        ["To fill a job", series("medianMinutesToFill")],
        ["To first reply in chat", series("medianMinutesToFirstReply")],
      ], "Median minutes per day");
    } catch (error) {
      failed(error);
    }
  }

  // --- The cluster -------------------------------------------------------------------------------------------------

  async function loadCluster() {
    try {
      const cluster = await api("/api/analytics/cluster");
      $("silo-count").textContent = cluster.silos.length;
      $("gateway-count").textContent = cluster.gateways.length;
      $("requests-per-second").textContent = cluster.requests.requestsPerSecond.toFixed(1);
      $("error-rate").textContent = `${(cluster.requests.errorRate * 100).toFixed(2)} %`;
      $("p99").textContent = cluster.requests.p99Milliseconds === null ? "-" : `${cluster.requests.p99Milliseconds.toFixed(1)} ms`;
      $("dead-letters").textContent = cluster.deadLettersWaiting;
      const rows = cluster.silos.map(silo => {
        const row = document.createElement("tr");
        for (const value of [silo.name, silo.address, silo.status, silo.domains.join(", "), silo.activations]) {
          const cell = document.createElement("td");
          cell.textContent = value;
          row.append(cell);
        }
        return row;
      });
      $("silos").tBodies[0].replaceChildren(...rows);
      $("gateways").tBodies[0].replaceChildren(...cluster.gateways.map(gateway => {
        const row = document.createElement("tr");
        const r = gateway.requests;
        for (const value of [gateway.name, r.requestsPerSecond.toFixed(1), `${(r.errorRate * 100).toFixed(2)} %`,
          r.p99Milliseconds === null ? "-" : `${r.p99Milliseconds.toFixed(1)} ms`]) {
          const cell = document.createElement("td");
          cell.textContent = value;
          row.append(cell);
        }
        return row;
      }));
      const domains = Object.keys(cluster.activationsByDomain).sort();
      draw("activations-chart", "bar", domains, [["Activations", domains.map(d => cluster.activationsByDomain[d])]], "Activations per domain");
    } catch (error) {
      failed(error);
    }
  }

  // --- Charts ------------------------------------------------------------------------------------------------------

  function draw(id, type, labels, datasets, title) {
    const data = { labels, datasets: datasets.map(([label, values]) => ({ label, data: values })) };
    if (charts[id]) {
      charts[id].data = data;
      charts[id].update();
      return;
    }
    charts[id] = new Chart($(id), {
      type,
      data,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { title: { display: true, text: title } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  show(Boolean(session.access));
  if (session.access) start();
})();
