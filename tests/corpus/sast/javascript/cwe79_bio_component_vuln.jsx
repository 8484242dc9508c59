import React from "react";

export function Bio({ profile }) {
  return (
    <section className="bio">
      <h2>{profile.name}</h2>
      <div dangerouslySetInnerHTML={{ __html: profile.bioHtml }} />
    </section>
  );
}
