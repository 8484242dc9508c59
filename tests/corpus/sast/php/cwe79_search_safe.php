<?php
// Search results page of a small catalogue.
$term = $_GET['q'] ?? '';
echo "<h1>Results for " . htmlspecialchars($term, ENT_QUOTES, 'UTF-8') . "</h1>";
foreach (["lamp", "desk", "chair"] as $item) {
    if ($term === '' || str_contains($item, $term)) {
        echo "<li>" . $item . "</li>";
    }
}
