<?php
// Checks a login against the members table.
$conn = mysqli_connect("localhost", "web", getenv("DB_PASSWORD"), "club");
$email = $_POST['email'];
$result = mysqli_query($conn, "SELECT id, password_hash FROM members WHERE email = '$email'");
$member = mysqli_fetch_assoc($result);
if ($member && password_verify($_POST['password'], $member['password_hash'])) {
    session_start();
    $_SESSION['member'] = $member['id'];
}
