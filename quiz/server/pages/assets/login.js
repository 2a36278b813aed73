// The browser's time zone goes with the login, so the study day starts at the student's 4 am.
document.addEventListener("DOMContentLoaded", () => {
  const field = document.getElementById("time_zone");
  try {
    field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    field.value = "";
  }
});
