<?php
// Checks a login against the members table.
$pdo = new PDO("mysql:host=localhost;dbname=club", "web", getenv("DB_PASSWORD"));
$email = $_POST['email'];
$statement = $pdo->prepare("SELECT id, password_hash FROM members WHERE email = ?");
$statement->execute([$email]);
$member = $statement->fetch(PDO::FETCH_ASSOC);
if ($member && password_verify($_POST['password'], $member['password_hash'])) {
    session_start();
    $_SESSION['member'] = $member['id'];
}
