<?php
// Restores display preferences kept in a cookie.
$preferences = ['theme' => 'light', 'page_size' => 20];
if (isset($_COOKIE['prefs'])) {
    $preferences = json_decode(base64_decode($_COOKIE['prefs']), true) ?? $preferences;
}
echo json_encode($preferences);
