// The signed-in session the web pages share (the chat client at /app, the operator console at /ops): tokens in
// sessionStorage, API calls with the access token, one refresh on a 401, and sign-in.
"use strict";

window.OneDaySession = (() => {
  const tokens = {
    get access() { return sessionStorage.getItem("oneday.access"); },
    get refresh() { return sessionStorage.getItem("oneday.refresh"); },
    get userId() { return sessionStorage.getItem("oneday.user"); },
    save(t) {
      sessionStorage.setItem("oneday.access", t.accessToken);
      sessionStorage.setItem("oneday.refresh", t.refreshToken);
      sessionStorage.setItem("oneday.user", t.userId);
    },
    clear() { sessionStorage.clear(); },
  };

  let onSignedOut = () => {};

  async function api(path, options = {}, retried = false) {
    const response = await fetch(path, {
      ...options,
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${tokens.access}`, ...(options.headers || {}) },
    });
    if (response.status === 401 && !retried && await refreshTokens()) {
      return api(path, options, true);
    }
    if (response.status === 401) {
      onSignedOut();
      throw new Error("Signed out");
    }
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      const error = new Error(problem.title || `HTTP ${response.status}`);
      error.status = response.status;
      throw error;
    }
    return response.status === 204 ? null : response.json();
  }

  async function refreshTokens() {
    if (!tokens.refresh) return false;
    const response = await fetch("/api/security/token/refresh", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refreshToken: tokens.refresh }),
    });
    if (!response.ok) return false;
    tokens.save(await response.json());
    return true;
  }

  // Resolves to null when signed in, else to the message to show.
  async function signIn(email, password) {
    const response = await fetch("/api/security/token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      return problem.title || "Sign-in failed.";
    }
    tokens.save(await response.json());
    return null;
  }

  // Wires the page's sign-in form (#sign-in with #email, #password and #sign-in-error) and its #sign-out button;
  // signOut also runs when the API says the session is over.
  function bind(onSignedIn, signOut) {
    const $ = id => document.getElementById(id);
    $("sign-in").addEventListener("submit", async event => {
      event.preventDefault();
      $("sign-in-error").textContent = "";
      const failed = await signIn($("email").value, $("password").value);
      if (failed) {
        $("sign-in-error").textContent = failed;
        return;
      }
      await onSignedIn();
    });
    $("sign-out").addEventListener("click", () => signOut());
    onSignedOut = signOut;
  }

  return { session: tokens, api, refreshTokens, bind };
})();
